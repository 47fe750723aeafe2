// deploy/Containerfile.server as an operator builds it, with podman (from the
// dist/ of `npm run build`: DIST=host); then the image's own root filesystem started
// the way its USER, ENV, ENTRYPOINT and CMD say, on a real PostgreSQL.
//
// Podman builds here (with chroot isolation) but cannot run a container: crun
// refuses this machine's hybrid cgroup v1 hierarchy, and the sandbox the tests
// run in lacks CAP_SYS_RESOURCE for the rlimits podman sets. So the test starts
// the image's filesystem itself (an overlay, chroot, setpriv to the image's
// user), which checks what the image holds and how it is meant to run, not
// podman's runtime. The base image is a Debian 13 root made with mmdebstrap (no
// registry of container images is reachable from the test machines), kept in
// podman's storage between runs, as is the layer that installs nodejs.
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import { fetchTrusting } from '../../apps/cli/src/trusted-fetch';
import { eventually } from '../support/eventually';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { overlayRoot, type RootOverlay } from './root-overlay';

jest.setTimeout(1_200_000);

const ROOT = join(__dirname, '../..');
const BASE_IMAGE = 'localhost/hitless-test/debian:trixie-slim';
const IMAGE = 'localhost/hitless-server:install-test';
const runner = new SystemProcessRunner();

interface ImageConfig {
  User: string;
  Env: string[];
  Entrypoint: string[];
  Cmd: string[];
  Volumes: Record<string, unknown>;
  ExposedPorts: Record<string, unknown>;
}

async function ensureBaseImage(): Promise<void> {
  const exists = await runner.run('podman', ['image', 'exists', BASE_IMAGE], { okExitCodes: [0, 1] });
  if (exists.exitCode === 0) return;
  const tarball = join(tmpdir(), `hitless-base-${process.pid}.tar`);
  try {
    await runner.run('mmdebstrap', ['--variant=minbase', 'trixie', tarball, 'http://deb.debian.org/debian'], { timeoutMs: 600_000 });
    await runner.run('podman', ['import', tarball, BASE_IMAGE], { timeoutMs: 300_000 });
  } finally {
    await rm(tarball, { force: true });
  }
}

describe('the server container image (deploy/Containerfile.server)', () => {
  const container = `hitless-test-${process.pid}`;
  let db: TestDatabase | undefined;
  let overlay: RootOverlay | undefined;
  let config: ImageConfig;
  let server: RunningProcess | undefined;

  /** The image's entrypoint run as its user with its environment (and `env` on top), in its filesystem. */
  const imageCommand = (args: string[], env: Record<string, string>): string[] => [
    overlay!.dir,
    'setpriv',
    `--reuid=${config.User}`,
    `--regid=${config.User}`,
    '--clear-groups',
    '--no-new-privs',
    '--',
    'env',
    '-i',
    ...config.Env,
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    ...config.Entrypoint,
    ...args,
  ];

  beforeAll(async () => {
    await ensureBaseImage();
    // `npm ci` inside the image cannot reach the npm registry from the test machines, so the image
    // takes the dist/ of `npm run build` (DIST=host); its apt step reaches Debian's archive.
    await runner.run(process.execPath, ['--import', 'tsx', 'scripts/build/build.ts'], { cwd: ROOT, timeoutMs: 300_000 });
    await runner.run('podman', ['build', '--isolation', 'chroot', '--network', 'host', '--build-arg', `DEBIAN=${BASE_IMAGE}`, '--build-arg', 'DIST=host', '-f', 'deploy/Containerfile.server', '-t', IMAGE, '.'], {
      cwd: ROOT,
      timeoutMs: 900_000,
    });
    [{ Config: config }] = JSON.parse((await runner.run('podman', ['image', 'inspect', IMAGE])).stdout) as { Config: ImageConfig }[];
    await runner.run('podman', ['create', '--name', container, IMAGE]);
    const rootfs = (await runner.run('podman', ['mount', container])).stdout.trim();
    overlay = await overlayRoot(rootfs);
    db = await startTestDatabase();
  });

  afterAll(async () => {
    await server?.stop('SIGTERM', 15_000);
    await overlay?.close();
    await runner.run('podman', ['rm', '--force', container], { okExitCodes: [0, 1, 2, 125] });
    await db?.stop();
  });

  it('holds only the bundles on Debian\'s nodejs, under a non-root user with a state volume it owns', async () => {
    expect(config).toMatchObject({ User: 'hitless', Entrypoint: ['/usr/bin/hitless-server'], Cmd: ['run'], Volumes: { '/var/lib/hitless-server': {} } });
    expect(Object.keys(config.ExposedPorts).sort()).toEqual(['7443/tcp', '8080/tcp']);
    expect(await readFile(join(overlay!.dir, 'etc/passwd'), 'utf8')).toMatch(/^hitless:x:999:999:/m);
    const state = await stat(join(overlay!.dir, 'var/lib/hitless-server'));
    expect([state.uid, state.mode & 0o777]).toEqual([999, 0o700]);
    // Ours: three files and two folders. (Debian's nodejs brings its own modules in /usr/share/nodejs; no npm.)
    const files = await runner.run('chroot', [overlay!.dir, 'find', '/usr/lib/hitless', '/usr/lib/node_modules', '/usr/bin/npm', '-maxdepth', '2'], { okExitCodes: [0, 1] });
    expect(files.stdout.split('\n').filter(Boolean).sort()).toEqual(['/usr/lib/hitless', '/usr/lib/hitless/cli', '/usr/lib/hitless/cli/hitless.js', '/usr/lib/hitless/server', '/usr/lib/hitless/server/dashboard', '/usr/lib/hitless/server/hitless-server.js', '/usr/lib/hitless/server/migrations']);
    expect((await runner.run('chroot', [overlay!.dir, 'node', '--version'])).stdout).toMatch(/^v20\./);
  });

  it('refuses to start without a database, saying what to set', async () => {
    const refused = await runner.run('chroot', imageCommand(config.Cmd, {}), { okExitCodes: [0, 1] });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/databaseUrl: required/);
  });

  it('starts on PostgreSQL, writes its CA into the state volume as its own user, answers /readyz, and makes the first admin token', async () => {
    server = runner.spawn('chroot', imageCommand(config.Cmd, { DATABASE_URL: db!.url, HITLESS_SERVER_LISTEN: '127.0.0.1:0', HITLESS_SERVER_HTTP_LISTEN: '127.0.0.1:0' }), { stdio: 'pipe' });
    const httpPort = await eventually(
      'the server to listen',
      async () => {
        const line = /\{"grpcPort":\d+,"httpPort":(\d+),"httpScheme":"https"/.exec(server!.output().stdout);
        if (line) return Number(line[1]);
        if (await Promise.race([server!.exited, Promise.resolve(undefined)]) !== undefined) throw new Error(server!.output().stderr);
        return undefined;
      },
      60_000,
    );
    // HTTPS from the server's own CA (HITLESS_SERVER_HTTP_TLS=ca in the image), which it wrote into the state volume.
    const trusted = fetchTrusting(await readFile(join(overlay!.dir, 'var/lib/hitless-server/pki/ca.crt'), 'utf8'));
    expect((await trusted(`https://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);
    const key = await stat(join(overlay!.dir, 'var/lib/hitless-server/pki/ca.key'));
    expect([key.uid, key.mode & 0o777]).toEqual([999, 0o600]);
    const token = await runner.run('chroot', imageCommand(['api-token', '--name', 'first-admin', '--role', 'admin'], { DATABASE_URL: db!.url }));
    expect(JSON.parse(token.stdout)).toMatchObject({ name: 'first-admin', role: 'admin', token: expect.any(String) });
  });
});
