// Scenarios 2 and 3 under load, inside the VM, and the body of bench:plug: for
// each path and strategy a fresh lab load balancer, wrk on it, N reloads by the
// real engine. Options come as one JSON argument (see LoadScenarioOptions).
import { cpus, release } from 'node:os';
import { haproxyVersion } from '@hitless/haproxy';
import { HAPROXY_BINARY } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import type { PlugBenchReport, PlugPath, PlugStrategy } from '../../bench/plug/plug-bench-types';
import { runScenario } from './inside-output';
import { openPlugScene } from './plug-scene';
import { runUnderLoad } from './run-under-load';

export interface LoadScenarioOptions {
  reloads: number;
  intervalMs: number;
  connections: number;
  paths: PlugPath[];
  strategies: PlugStrategy[];
}

runScenario(async (): Promise<PlugBenchReport> => {
  const options = JSON.parse(process.argv[2] ?? '') as LoadScenarioOptions;
  const runner = new SystemProcessRunner();
  const startedAt = new Date().toISOString();
  const version = await haproxyVersion(HAPROXY_BINARY, runner);
  const report: PlugBenchReport = {
    env: { kernel: release(), haproxy: version.full, cores: cpus().length },
    settings: { reloads: options.reloads, interval_ms: options.intervalMs, connections: options.connections, paths: options.paths },
    runs: [],
    started_at: startedAt,
    finished_at: '',
  };
  for (const path of options.paths) {
    for (const strategy of options.strategies) {
      process.stderr.write(`running: ${strategy} ${path}\n`);
      const scene = await openPlugScene(`${strategy}-${path === 'loopback' ? 'lo' : 'in'}`, { ingress: path === 'ingress', runner });
      try {
        report.runs.push(await runUnderLoad(scene, { strategy, path, reloads: options.reloads, intervalMs: options.intervalMs, connections: options.connections }, runner));
      } finally {
        await scene.lab.close();
      }
      process.stderr.write(`done: ${strategy} ${path}\n`);
    }
  }
  report.finished_at = new Date().toISOString();
  return report;
});
