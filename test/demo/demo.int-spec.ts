// `npm run demo -- --exit --json FILE` as a user runs it, in a child process:
// five load balancers, a rollout through the server, zero failed client
// requests, and nothing left behind afterwards (namespaces, processes, temp dirs).
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SystemProcessRunner } from '@hitless/process';
import type { DemoReport } from './demo-report';
import { processesWithEnv } from '../support/process-marker';

const ROOT = join(__dirname, '../..');
const MARKER = 'HITLESS_DEMO_TEST_RUN';

describe('npm run demo -- --exit --json FILE', () => {
  const tsxCache = `tsx-${process.getuid?.() ?? 0}`;
  let dir = '';
  let demoTmp = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-demo-test-'));
    // The demo's own TMPDIR, so that every temp dir it makes is visible here. tsx keeps its
    // compile cache in TMPDIR too: link the usual one rather than compile everything cold.
    demoTmp = join(dir, 'tmp');
    await mkdir(demoTmp);
    // Embedded Postgres runs as the postgres user and reads files the demo writes here, as in /tmp.
    await chmod(dir, 0o755);
    await chmod(demoTmp, 0o1777);
    await mkdir(join(tmpdir(), tsxCache), { recursive: true });
    await symlink(join(tmpdir(), tsxCache), join(demoTmp, tsxCache));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rolls leastconn out over five hosts under live traffic, drops nothing, and leaves nothing behind', async () => {
    const jsonFile = join(dir, 'demo.json');
    const marker = randomUUID();
    const demo = new SystemProcessRunner().spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'demo.ts'), '--exit', '--json', jsonFile, '--hosts', '5'], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...(process.env as Record<string, string>), TMPDIR: demoTmp, [MARKER]: marker },
    });
    // A hung demo gets SIGTERM (its own teardown) well before Jest gives up on the test.
    const limit = setTimeout(() => void demo.stop('SIGTERM', 20_000), 110_000);
    const exitCode = await demo.exited.finally(() => clearTimeout(limit));
    const { stdout, stderr } = demo.output();
    if (exitCode !== 0) throw new Error(`the demo exited with ${exitCode}\n${stdout}\n${stderr}`);

    const report = JSON.parse(await readFile(jsonFile, 'utf8')) as DemoReport;
    expect(report.hosts).toHaveLength(5);
    expect(report.rollout.state).toBe('succeeded');
    expect(report.clients.failed).toBe(0);
    expect(report.clients.errors).toEqual({});
    expect(report.clients.requests).toBeGreaterThan(0);
    for (const host of report.hosts) {
      expect(host.address).toMatch(/^198\.1[89]\./);
      expect(host.failed).toBe(0);
      expect(host.requests_during_reload).toBeGreaterThan(0);
    }
    expect(new Set(report.hosts.map((h) => h.address)).size).toBe(5);

    // Nothing it started survives it: no namespace named after its pid, no process
    // that inherited its environment, no temp dir (tsx's shared cache link aside).
    const namespaces = (await new SystemProcessRunner().run('ip', ['netns', 'list'])).stdout;
    expect(namespaces.split('\n').filter((line) => line.startsWith(`hl-${demo.pid}-`))).toEqual([]);
    expect(await processesWithEnv(MARKER, marker)).toEqual([]);
    expect((await readdir(demoTmp)).filter((entry) => entry !== tsxCache)).toEqual([]);
  }, 150_000);
});
