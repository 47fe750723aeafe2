// Scenarios 2 and 3 under load in the kernel lab: wrk (new connection per
// request) against a daemon-mode HAProxy while the real engine reloads it; with
// `plug` no request fails, over loopback and over a veth ingress. `naive` runs
// in the same boot for contrast; its figures are printed, not asserted, since
// how many connections it loses depends on timing.
import type { PreparedKernelLab } from '@hitless/kernel-lab';
import type { PlugBenchReport } from '../bench/plug/plug-bench-types';
import { formatPlugTable } from '../bench/plug/plug-table';
import type { LoadScenarioOptions } from './inside/load-scenario';
import { kernelLab, PREPARE_TIMEOUT_MS, runScenarioInLab } from './plug-lab';

// Few reloads: under TCG one reload takes seconds; bench:plug runs more.
const OPTIONS: LoadScenarioOptions = { reloads: 3, intervalMs: 300, connections: 4, paths: ['loopback', 'ingress'], strategies: ['plug', 'naive'] };
const RUN_TIMEOUT_MS = 9 * 60_000;

describe('plug strategy in the kernel lab: reloads under load', () => {
  let lab: PreparedKernelLab | string;
  let report: PlugBenchReport | undefined;

  beforeAll(async () => {
    lab = await kernelLab();
    if (typeof lab === 'string') return;
    report = (await runScenarioInLab<PlugBenchReport>(lab, 'load-scenario', RUN_TIMEOUT_MS, [JSON.stringify(OPTIONS)])).result;
    console.log(formatPlugTable(report));
  }, PREPARE_TIMEOUT_MS + RUN_TIMEOUT_MS);

  it.each(['loopback', 'ingress'] as const)('%s: plug loses no request across every reload, naive measured beside it', (path) => {
    if (typeof lab === 'string') {
      console.warn(`skipped: ${lab}`);
      return;
    }
    if (!report) throw new Error('the load scenario printed no report');
    const plug = report.runs.find((r) => r.strategy === 'plug' && r.path === path);
    const naive = report.runs.find((r) => r.strategy === 'naive' && r.path === path);
    expect(plug).toMatchObject({ reloads: OPTIONS.reloads, reload_failures: 0, failed: 0, errors: {} });
    expect(plug?.requests).toBeGreaterThan(0);
    expect(naive).toMatchObject({ reloads: OPTIONS.reloads, reload_failures: 0 });
    expect(naive?.requests).toBeGreaterThan(0);
  });
});
