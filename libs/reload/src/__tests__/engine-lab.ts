// Shared set-up for engine integration tests: one lab host (network namespace)
// with backend servers and a load balancer, and an engine pointed at it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabHost, LabHaproxy, LabHaproxyMode, LabHost, loadBalancerConfig, startLabBackends, startLabHaproxy } from '@hitless/lab';
import { ReloadEngine } from '../reload-engine';

export const FRONTEND_PORT = 8080;
const BACKEND_PORTS = [9001, 9002];

export interface EngineLab {
  host: LabHost;
  lb: LabHaproxy;
  engine: ReloadEngine;
  stateDir: string;
  close(): Promise<void>;
}

export async function openEngineLab(label: string, mode: LabHaproxyMode): Promise<EngineLab> {
  const host = await createLabHost(label);
  const started: LabHaproxy[] = [];
  let stateDir = '';
  try {
    started.push(await startLabBackends(BACKEND_PORTS, host.netns));
    const lb = await startLabHaproxy({
      mode,
      netns: host.netns,
      config: (dir) => loadBalancerConfig({ dir, frontendPort: FRONTEND_PORT, backendPorts: BACKEND_PORTS }),
    });
    started.push(lb);
    stateDir = await mkdtemp(join(tmpdir(), 'hitless-state-'));
    const engine = await ReloadEngine.open({
      configPath: lb.configPath,
      stateDir,
      runtime: mode === 'master-worker' ? { mode, masterSocket: lb.masterSocket } : { mode, pidFile: lb.pidFile },
      netns: host.netns,
      probeHost: host.address,
      probe: { ratePerSecond: 300, marginMs: 300 },
    });
    return {
      host, lb, engine, stateDir,
      close: async () => {
        for (const h of started) await h.stop();
        await host.destroy();
        await rm(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const h of started) await h.stop();
    await host.destroy();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
}
