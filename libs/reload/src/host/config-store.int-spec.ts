// Integration tier: `haproxy -c` as the config store runs it, against the real
// HAProxy 2.6, with hand-written configs that bypass every check a typed change
// passes (the allowlist would refuse them): the privilege drop and the limits
// alone must keep the check from reading a root-only file or hanging. Needs
// root, /usr/sbin/haproxy, the `haproxy` account (Debian's package), mkfifo.
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';
import { ConfigStore, DEFAULT_CHECK_LIMITS, type ConfigCheckLimits } from './config-store';

const HAPROXY = '/usr/sbin/haproxy';
const runner = new SystemProcessRunner();
const SECRET = '203.0.113.7 the-first-line-of-a-root-only-file';

describe('ConfigStore.validate: haproxy -c with HAProxy’s own privileges and limits', () => {
  let dir = '';
  let stateDir = '';
  let livePath = '';
  let haproxyIds: { uid: number; gid: number };

  beforeAll(async () => {
    // A config directory like Debian's /etc/haproxy: root's, searchable by everyone.
    dir = await mkdtemp(join(tmpdir(), 'hitless-check-'));
    await chmod(dir, 0o755);
    stateDir = await mkdtemp(join(tmpdir(), 'hitless-check-state-'));
    livePath = join(dir, 'haproxy.cfg');
    await writeFile(livePath, config(''));
    const { stdout } = await runner.run('getent', ['passwd', 'haproxy']);
    const [, , uid, gid] = stdout.trim().split(':');
    haproxyIds = { uid: Number(uid), gid: Number(gid) };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  const store = (limits: Partial<ConfigCheckLimits> = {}) => new ConfigStore(livePath, stateDir, HAPROXY, runner, { ...DEFAULT_CHECK_LIMITS, ...limits });

  /** A config whose frontend loads `mapFile` while it is parsed; `global` lines go first. */
  function config(globalLines: string, mapFile?: string): string {
    return [
      'global',
      '    maxconn 100',
      ...(globalLines ? [globalLines] : []),
      '',
      'defaults',
      '    mode http',
      '    timeout connect 1s',
      '    timeout client 1s',
      '    timeout server 1s',
      '',
      'frontend www',
      '    bind 127.0.0.1:18080',
      ...(mapFile ? [`    http-request set-header X-Leak %[src,map_ip(${mapFile})]`] : []),
      '    default_backend api',
      '',
      'backend api',
      '    server web1 127.0.0.1:19001',
      '',
    ].join('\n');
  }

  async function mapFile(name: string, mode: number, owner = { uid: 0, gid: 0 }): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `${SECRET}\n`);
    await chown(path, owner.uid, owner.gid);
    await chmod(path, mode);
    return path;
  }

  it('accepts a valid config, and says who checked it', async () => {
    const outcome = await store().validate(config(''), 'ok-1');
    expect(outcome).toMatchObject({ ok: true, checkedAs: 'nobody (uid 65534, gid 65534)' });
    expect(outcome.output).toMatch(/Configuration file is valid/);
  });

  it('cannot read a root-only file the config names (the same check as root does), and quotes nothing of it', async () => {
    const rootOnly = await mapFile('root-only.map', 0o600);
    const text = config('', rootOnly);
    // Run as root, the very same check reads the file: the drop is what stops it.
    const asRoot = join(dir, 'as-root.cfg');
    await writeFile(asRoot, text);
    expect((await runner.run(HAPROXY, ['-c', '-f', asRoot])).stdout).toMatch(/Configuration file is valid/);

    const outcome = await store().validate(text, 'secret-1');
    expect(outcome.ok).toBe(false);
    expect(outcome.stopped).toBeUndefined();
    expect(outcome.output).toMatch(/failed to open pattern file/);
    expect(outcome.output).toContain(rootOnly);
    expect(outcome.output).not.toContain('root-only-file');
    // Readable to everyone, the same file passes: it was the permission, not the syntax.
    await chmod(rootOnly, 0o644);
    expect((await store().validate(text, 'secret-2')).ok).toBe(true);
  });

  it("runs as the config's own user and group: a file only haproxy may read passes, a root-only one does not", async () => {
    const haproxyOnly = await mapFile('haproxy-only.map', 0o600, haproxyIds);
    const asHaproxy = await store().validate(config('    user haproxy\n    group haproxy', haproxyOnly), 'user-1');
    expect(asHaproxy).toMatchObject({ ok: true, checkedAs: `haproxy (uid ${haproxyIds.uid}, gid ${haproxyIds.gid})` });
    // Without the user line the check runs as nobody, who may not read haproxy's file.
    expect((await store().validate(config('', haproxyOnly), 'user-2')).ok).toBe(false);
    const rootOnly = await mapFile('root-only-2.map', 0o600);
    expect((await store().validate(config('    user haproxy\n    group haproxy', rootOnly), 'user-3')).ok).toBe(false);
  });

  it('never runs the check as root, even when the config says `user root`', async () => {
    const rootOnly = await mapFile('root-only-3.map', 0o600);
    const outcome = await store().validate(config('    user root\n    group root', rootOnly), 'root-1');
    expect(outcome).toMatchObject({ ok: false, checkedAs: 'nobody (uid 65534, gid 65534)' });
    expect(outcome.output).toMatch(/failed to open pattern file/);
  });

  it('kills a check that would run forever at the time limit, and leaves no process or candidate behind', async () => {
    // A FIFO nobody writes to: HAProxy blocks in open() while loading the "map", for ever.
    const fifo = join(dir, 'never-ends.map');
    await runner.run('mkfifo', ['-m', '0666', fifo]);
    const started = Date.now();
    const outcome = await store({ timeoutMs: 2000 }).validate(config('', fifo), 'forever-1');
    const tookMs = Date.now() - started;
    expect(outcome.ok).toBe(false);
    expect(outcome.stopped).toMatch(/did not finish within the check's time limit and was killed \(time limit 2 s/);
    expect(tookMs).toBeGreaterThanOrEqual(2000);
    expect(tookMs).toBeLessThan(20_000);
    expect(checksStillRunning('forever-1')).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.includes('candidate'))).toEqual([]);
  });

  it('applies the memory limit: a check that needs more fails instead of growing', async () => {
    const text = config('');
    expect((await store().validate(text, 'mem-1')).ok).toBe(true);
    const starved = await store({ maxMemoryBytes: 16 * 1024 * 1024 }).validate(text, 'mem-2');
    expect(starved.ok).toBe(false);
  });

  it('leaves the live file alone', async () => {
    const before = await readFile(livePath, 'utf8');
    await store().validate(config('    user haproxy'), 'live-1');
    expect(await readFile(livePath, 'utf8')).toBe(before);
  });
});

/** Pids of processes whose command line names this reload's candidate file. */
function checksStillRunning(reloadId: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${reloadId}.candidate`)) pids.push(Number(entry));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return pids;
}
