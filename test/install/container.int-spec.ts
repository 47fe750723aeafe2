// deploy/Containerfile.server as an operator builds and runs it, with podman:
// the two-stage build from the sources, then the image on a real PostgreSQL,
// as a non-root user whose named volume for the state dir is writable. The
// base image is a Debian 13 root made here with mmdebstrap (no registry of
// container images is reachable from the test machines), kept in podman's
// storage between runs; podman's own layer cache keeps `npm ci` between runs.
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import { eventually } from '../support/eventually';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(1_200_000);

const ROOT = join(__dirname, '../..');
const BASE_IMAGE = 'localhost/hitless-test/debian:trixie-slim';
const IMAGE = 'localhost/hitless-server:install-test';
const runner = new SystemProcessRunner();

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
  let db: TestDatabase | undefined;
  const suffix = `${process.pid}`;
  const volume = `hitless-test-state-${suffix}`;
  let server: RunningProcess | undefined;

  beforeAll(async () => {
    await ensureBaseImage();
    // Build steps use the host's network: the npm registry and Debian's archive are what it reaches.
    await runner.run('podman', ['build', '--network', 'host', '--build-arg', `DEBIAN=${BASE_IMAGE}`, '-f', 'deploy/Containerfile.server', '-t', IMAGE, '.'], { cwd: ROOT, timeoutMs: 900_000 });
    db = await startTestDatabase();
    await runner.run('podman', ['volume', 'create', volume]);
  });

  afterAll(async () => {
    await server?.stop('SIGTERM', 15_000);
    await runner.run('podman', ['rm', '--force', '--ignore', `hitless-test-${suffix}`], { okExitCodes: [0, 1, 2, 125] });
    await runner.run('podman', ['volume', 'rm', '--force', volume], { okExitCodes: [0, 1, 2, 125] });
    await db?.stop();
  });

  const run = (args: string[], env: Record<string, string>) =>
    ['run', '--rm', '--network', 'host', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), '-v', `${volume}:/var/lib/hitless-server`, IMAGE, ...args];

  it('holds only the bundles on Debian\'s nodejs, runs as a non-root user, and refuses to start without a database', async () => {
    const listing = await runner.run('podman', ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', 'id -u; id -g; ls /usr/lib/hitless/server; test ! -e /usr/lib/node_modules/npm && echo no-npm; find / -xdev -name node_modules -print -quit']);
    expect(listing.stdout.split('\n')).toEqual(['999', '999', 'dashboard', 'hitless-server.js', 'migrations', 'no-npm', '']);
    const refused = await runner.run('podman', run(['run'], {}), { okExitCodes: [0, 1] });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/databaseUrl: required/);
  });

  it('starts on PostgreSQL with its state in the named volume, answers /readyz, and makes the first admin token', async () => {
    const env = { DATABASE_URL: db!.url, HITLESS_SERVER_LISTEN: '127.0.0.1:0', HITLESS_SERVER_HTTP_LISTEN: '127.0.0.1:0' };
    server = runner.spawn('podman', ['run', '--name', `hitless-test-${suffix}`, ...run(['run'], env).slice(1)], { stdio: 'pipe' });
    const ports = await eventually('the container to listen', async () => {
      const line = /\{"grpcPort":\d+,"httpPort":(\d+)\}/.exec(server!.output().stdout);
      if (line) return Number(line[1]);
      if (await Promise.race([server!.exited, Promise.resolve(undefined)]) !== undefined) throw new Error(server!.output().stderr);
      return undefined;
    }, 120_000);
    expect((await fetch(`http://127.0.0.1:${ports}/readyz`)).status).toBe(200);
    // The CA was written into the volume by the unprivileged user.
    const volumePath = (await runner.run('podman', ['volume', 'inspect', '--format', '{{.Mountpoint}}', volume])).stdout.trim();
    const ca = await stat(join(volumePath, 'pki/ca.key'));
    expect([ca.uid, ca.mode & 0o777]).toEqual([999, 0o600]);
    const token = await runner.run('podman', run(['api-token', '--name', 'first-admin', '--role', 'admin'], { DATABASE_URL: db!.url }));
    expect(JSON.parse(token.stdout)).toMatchObject({ name: 'first-admin', role: 'admin', token: expect.any(String) });
  });
});
