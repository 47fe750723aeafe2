// One measured run inside the VM: wrk holds a closed-loop load of new
// connections (`Connection: close`) on the frontend, over loopback from inside
// the load balancer's namespace or from the VM's root namespace over the veth,
// while the real engine reloads N times with one strategy.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRunner } from '@hitless/process';
import type { PlugBenchRun, PlugPath, PlugStrategy } from '../../bench/plug/plug-bench-types';
import { maximum, median, roundMs } from '../../bench/stats';
import type { PlugScene } from './plug-scene';
import { parseWrkOutput } from './wrk-output';

export interface LoadPlan {
  strategy: PlugStrategy;
  path: PlugPath;
  reloads: number;
  intervalMs: number;
  connections: number;
}

/** Far longer than any run: wrk is stopped with SIGINT (it then prints its report) once the reloads are done. */
const WRK_DURATION = '900s';
/** Failure messages kept per run. */
const KEPT_ERRORS = 5;

export async function runUnderLoad(scene: PlugScene, plan: LoadPlan, runner: ProcessRunner): Promise<PlugBenchRun> {
  const host = plan.path === 'loopback' ? '127.0.0.1' : scene.lab.host.address;
  // Under TCG every process start costs tens of milliseconds of a scarce CPU: wrk runs
  // at the lowest priority so the engine's own commands are not starved by the load.
  const wrk = runner.spawn('nice', ['-n', '19', 'wrk', '-t', '1', '-c', String(plan.connections), '-d', WRK_DURATION, '--latency', '--timeout', '5s',
    '-H', 'Connection: close', `http://${host}:${scene.frontendPort}/`], { netns: plan.path === 'loopback' ? scene.lab.host.netns : undefined, stdio: 'pipe' });
  const started = performance.now();
  const wallMs: number[] = [];
  const failures: string[] = [];
  try {
    await sleep(plan.intervalMs);
    for (let i = 0; i < plan.reloads; i++) {
      const reloadId = `${plan.strategy}-${plan.path}-${i + 1}`;
      const t0 = performance.now();
      const result = await scene.reload(reloadId, plan.strategy, i).catch((error: unknown) => ({ outcome: 'threw', error: (error as Error).message }));
      wallMs.push(performance.now() - t0);
      if (result.outcome !== 'succeeded') failures.push(`${reloadId}: ${result.outcome}: ${result.error ?? ''}`);
      await sleep(plan.intervalMs);
    }
  } finally {
    await wrk.stop('SIGINT', 15_000);
  }
  const output = wrk.output();
  const figures = parseWrkOutput(output.stdout + output.stderr);
  const unanswered = Object.entries(figures.errors).filter(([kind]) => kind !== 'non-2xx').reduce((sum, [, n]) => sum + n, 0);
  const round = (value: number | null) => (value === null ? null : roundMs(value));
  return {
    strategy: plan.strategy,
    path: plan.path,
    client: 'close',
    load_tool: 'wrk',
    latency_excludes_connect: true,
    reloads: plan.reloads,
    reload_failures: failures.length,
    reload_errors: failures.slice(0, KEPT_ERRORS),
    requests: figures.completed + unanswered,
    failed: Object.values(figures.errors).reduce((sum, n) => sum + n, 0),
    errors: figures.errors,
    p50_ms: roundMs(figures.p50_ms),
    p99_ms: roundMs(figures.p99_ms),
    max_ms: roundMs(figures.max_ms),
    reload_ms_p50: round(median(wallMs)),
    reload_ms_max: round(maximum(wallMs)),
    duration_ms: Math.round(performance.now() - started),
  };
}
