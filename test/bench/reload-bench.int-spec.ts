import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMain } from './bench-main';
import type { BenchReport, BenchRun } from './bench-types';

const RUN_KEYS = ['strategy', 'client', 'reloads', 'requests', 'failed', 'errors', 'p50_ms', 'p99_ms', 'max_ms', 'reload_ms_p50'];

describe('bench:reload, tiny settings', () => {
  let dir: string;
  let report: BenchReport;
  let printed: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-bench-test-'));
    const lines: string[] = [];
    // Reloads 1.2 s apart: a SYN that syn-drop dropped is retransmitted 1 s later, into the
    // gap between reloads. Closer reloads can drop the retransmit too (next one after 3 s,
    // past the probe's 2 s timeout); the full benchmark shows that effect, this test does not.
    await benchMain(
      ['--out', join(dir, 'out.json'), '--reloads', '3', '--rate', '300', '--interval-ms', '1200', '--strategies', 'none,seamless,syn-drop,plug', '--clients', 'close'],
      { signal: new AbortController().signal, progress: () => undefined, print: (text) => lines.push(text) },
    );
    printed = lines.join('\n');
    // Assert on what was written, not on the returned object: the file is the interface.
    report = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as BenchReport;
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (strategy: string): BenchRun | undefined => report.runs.find((r) => r.strategy === strategy);

  it('writes env, runs and skipped in the documented shape', () => {
    expect(report.env).toEqual({ kernel: expect.any(String), haproxy: expect.stringMatching(/^\d+\.\d+/), cores: expect.any(Number) });
    expect(report.broken_runs).toEqual([]);
    expect(report.runs.length).toBeGreaterThan(0);
    for (const r of report.runs) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(RUN_KEYS));
      expect(r.client).toBe('close');
      expect(r.requests).toBeGreaterThan(0);
      for (const key of ['failed', 'p50_ms', 'p99_ms', 'max_ms'] as const) expect(typeof r[key]).toBe('number');
      expect(r.max_ms).toBeGreaterThanOrEqual(r.p99_ms);
      expect(Object.values(r.errors).reduce((a, b) => a + b, 0)).toBe(r.failed);
    }
  });

  it('accounts for every requested strategy: a run, or skipped with the probe\'s reason', () => {
    for (const strategy of ['none', 'seamless', 'syn-drop', 'plug']) {
      const skipped = report.skipped.find((s) => s.strategy === strategy);
      // Exactly one of the two, never both and never neither.
      expect([strategy, Number(run(strategy) !== undefined) + Number(skipped !== undefined)]).toEqual([strategy, 1]);
      if (skipped) {
        expect(skipped.reason.length).toBeGreaterThan(10);
        expect(printed).toContain(`skipped ${strategy}: ${skipped.reason}`);
      }
    }
  });

  it.each(['seamless', 'syn-drop'])('%s made 3 successful reloads and failed no request', (strategy) => {
    expect(run(strategy)).toMatchObject({ reloads: 3, reload_failures: 0, reload_outcomes: { succeeded: 3 }, failed: 0, errors: {} });
    expect(run(strategy)?.reload_ms_p50).toBeGreaterThan(0);
  });

  it('none made no reload and has no reload time', () => {
    expect(run('none')).toMatchObject({ reloads: 0, reload_failures: 0, reload_ms_p50: null, failed: 0 });
  });

  it('prints one table line per run', () => {
    for (const r of report.runs) expect(printed).toMatch(new RegExp(`^${r.strategy} +close `, 'm'));
  });
});

describe('bench:reload, the persistent client kinds, tiny settings', () => {
  let dir: string;
  let report: BenchReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-bench-test-'));
    await benchMain(
      ['--out', join(dir, 'out.json'), '--reloads', '2', '--rate', '200', '--interval-ms', '300', '--strategies', 'none,seamless', '--clients', 'keepalive,h2,idle'],
      { signal: new AbortController().signal, progress: () => undefined, print: () => undefined },
    );
    report = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as BenchReport;
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ran each kind under the strategy and the baseline, every request accounted for', () => {
    expect(report.broken_runs).toEqual([]);
    expect(report.runs.map((r) => `${r.strategy}/${r.client}`)).toEqual(['none/keepalive', 'none/h2', 'none/idle', 'seamless/keepalive', 'seamless/h2', 'seamless/idle']);
    for (const r of report.runs) {
      expect(r.requests).toBeGreaterThan(100);
      expect(Object.values(r.errors).reduce((a, b) => a + b, 0)).toBe(r.failed);
      // No request may wait for the probe itself: every kind got its connections in time.
      expect(r.errors.EOVERLOAD).toBeUndefined();
    }
  });

  it('divides each p99 by the baseline p99 of the same kind', () => {
    for (const r of report.runs) {
      const baseline = report.runs.find((b) => b.strategy === 'none' && b.client === r.client);
      expect(baseline).toBeDefined();
      expect(r.p99_ratio).toBeCloseTo((r.p99_ms / (baseline?.p99_ms ?? NaN)), 1);
    }
    expect(report.runs.filter((r) => r.strategy === 'none').map((r) => r.p99_ratio)).toEqual([1, 1, 1]);
  });

  it('reads the kernel counters of the load balancer\'s own namespace for each run', () => {
    for (const r of report.runs) {
      expect(r.kernel_scope).toBe('run');
      for (const name of ['ListenDrops', 'ListenOverflows', 'TCPAbortOnClose', 'OutRsts', 'RstToClients'] as const) expect(r.kernel[name]).toEqual(expect.any(Number));
      // Nothing reloads in the baseline and the load is far below the backlog: no SYN is dropped.
      if (r.strategy === 'none') expect(r.kernel.ListenDrops).toBe(0);
    }
  });
});
