// One load-balancer host ready for a reload: a lab namespace, two backend
// servers, HAProxy in front of them (master-worker or daemon) and a reload
// engine with its own state directory. Tests, the demo and benchmarks share it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReloadEngine, ReloadEngineOptions } from '@hitless/reload';
import { LabHaproxy, LabHaproxyMode, loadBalancerConfig, startLabBackends, startLabHaproxy } from './lab-haproxy';
import { createLabHost, LabHost } from './lab-host';

export const LAB_FRONTEND_PORT = 8080;
export const LAB_BACKEND_PORTS = [9001, 9002];

export interface LabLoadBalancer {
  host: LabHost;
  lb: LabHaproxy;
  engine: ReloadEngine;
  stateDir: string;
  /** Idempotent, and it stops every piece even when an earlier one fails to stop. */
  close(): Promise<void>;
}

export interface OpenLabLoadBalancerOptions {
  label: string;
  mode: LabHaproxyMode;
  frontendPort?: number;
  /** HAProxy's global maxconn on the load balancer; default that of loadBalancerConfig. */
  maxconn?: number;
  /** Engine settings beyond the ones that point it at this host. */
  engine?: Partial<ReloadEngineOptions>;
}

export async function openLabLoadBalancer(options: OpenLabLoadBalancerOptions): Promise<LabLoadBalancer> {
  const host = await createLabHost(options.label);
  const frontendPort = options.frontendPort ?? LAB_FRONTEND_PORT;
  const started: LabHaproxy[] = [];
  let stateDir: string | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const problems: unknown[] = [];
      const steps = [...started.map((h) => () => h.stop()), () => host.destroy(), async () => stateDir && rm(stateDir, { recursive: true, force: true })];
      for (const step of steps) await step().catch((error: unknown) => problems.push(error));
      if (problems.length) throw new AggregateError(problems, `cleaning up lab host ${host.netns} failed`);
    })();
    return closing;
  };
  try {
    started.push(await startLabBackends(LAB_BACKEND_PORTS, host.netns));
    const lb = await startLabHaproxy({
      mode: options.mode,
      netns: host.netns,
      config: (dir) => loadBalancerConfig({ dir, frontendPort, backendPorts: LAB_BACKEND_PORTS, maxconn: options.maxconn }),
    });
    started.push(lb);
    stateDir = await mkdtemp(join(tmpdir(), 'hitless-state-'));
    const engine = await ReloadEngine.open({
      configPath: lb.configPath,
      stateDir,
      runtime: options.mode === 'master-worker' ? { mode: options.mode, masterSocket: lb.masterSocket } : { mode: options.mode, pidFile: lb.pidFile },
      netns: host.netns,
      probeHost: host.address,
      ...options.engine,
    });
    return { host, lb, engine, stateDir, close };
  } catch (error) {
    const cleanupError = await close().then(() => undefined, (problem: unknown) => problem);
    if (cleanupError !== undefined) throw new AggregateError([error, cleanupError], `setting up lab host ${host.netns} failed, and so did its cleanup`);
    throw error;
  }
}
