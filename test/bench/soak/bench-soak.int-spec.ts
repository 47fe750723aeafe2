// bench:soak end to end, as an operator runs it (the CLI under tsx, its probes
// on worker threads), with tiny settings: every client kind against the
// strategy, naive and the baseline, live progress on stderr, the JSON in
// bench:reload's shape, and a run that stops by itself.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';
import type { SoakReport } from './soak-main';

const ROOT = join(__dirname, '..', '..', '..');
const KINDS = ['close', 'keepalive', 'h2', 'idle'];

describe('bench:soak, tiny settings', () => {
  let dir: string;
  let report: SoakReport;
  let stderr: string;
  let exitCode: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-soak-test-'));
    // 3,000 requests at 300 + 3 × 100 req/s: 5 s and 3 reloads per strategy, a 3 s baseline.
    const run = await new SystemProcessRunner().run(
      process.execPath,
      [require.resolve('tsx/cli'), 'test/bench/soak/bench-soak.ts', '--strategy', 'seamless', '--requests', '3000', '--reloads', '3',
        '--rate', '300', '--persistent-rate', '100', '--baseline-s', '3', '--max-minutes', '3', '--out', join(dir, 'soak.json')],
      { cwd: ROOT, timeoutMs: 240_000, okExitCodes: [0, 1] },
    );
    ({ stderr, exitCode } = run);
    report = JSON.parse(await readFile(join(dir, 'soak.json'), 'utf8')) as SoakReport;
  }, 260_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('measured every client kind under the strategy, naive and the baseline, and stopped by itself', () => {
    expect({ exitCode, broken: report.broken_runs, incomplete: report.incomplete }).toEqual({ exitCode: 0, broken: [], incomplete: [] });
    expect(report.runs.map((r) => `${r.strategy}/${r.client}`)).toEqual(['seamless', 'naive', 'none'].flatMap((s) => KINDS.map((k) => `${s}/${k}`)));
    expect(report.settings).toMatchObject({ requests: 3000, reloads: 3, planned_s: 5, baseline_s: 3, new_connections_per_s: 300 });
  });

  it('made the same reload count for the strategy and naive, under the same load', () => {
    for (const strategy of ['seamless', 'naive']) {
      const runs = report.runs.filter((r) => r.strategy === strategy);
      for (const r of runs) expect(r).toMatchObject({ reloads: 3, reload_failures: 0, kernel_scope: 'strategy' });
      // At least the planned 3,000 requests: the run lasts its planned 5 s, longer when the reloads
      // take longer (then until the last one has settled).
      expect(runs.reduce((sum, r) => sum + r.requests, 0)).toBeGreaterThanOrEqual(2700);
      // Each kind held its own rate all along: the open-loop schedule issues rate × duration.
      for (const r of runs) {
        const expected = (r.rate * r.duration_ms) / 1000;
        expect(Math.abs(r.requests - expected)).toBeLessThanOrEqual(expected * 0.1 + 5);
      }
    }
  });

  it('accounts for every failure by cause and divides each p99 by its kind\'s baseline', () => {
    for (const r of report.runs) {
      expect(r.requests).toBeGreaterThan(0);
      expect(Object.values(r.errors).reduce((a, b) => a + b, 0)).toBe(r.failed);
      const baseline = report.runs.find((b) => b.strategy === 'none' && b.client === r.client);
      expect(r.p99_ratio).toBeCloseTo((r.p99_ms / (baseline?.p99_ms ?? NaN)), 1);
      expect(typeof r.kernel.ListenDrops).toBe('number');
    }
    // A seamless reload keeps its listeners: new connections never fail.
    expect(report.runs.find((r) => r.strategy === 'seamless' && r.client === 'close')).toMatchObject({ failed: 0 });
  });

  it('reported progress while it ran: requests, rate, reloads, failures by kind', () => {
    expect(stderr).toMatch(/soak: seamless: \d+\/5 s, \d+ requests \(\d+\/s\), [0-3]\/3 reloads, failed: close \d+, keepalive \d+, h2 \d+, idle \d+/);
  });
});
