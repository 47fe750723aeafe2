// One lab load balancer inside the VM, run as a legacy daemon (`-D`, `-sf`), so
// a reload binds fresh sockets and the guard is what protects them, plus a
// reload engine that covers the host's veth ingress when asked.
import { openLabLoadBalancer, LabLoadBalancer, LAB_FRONTEND_PORT } from '@hitless/lab';
import { ProcessRunner, SystemProcessRunner } from '@hitless/process';
import { ReloadEngine, ReloadResult, StrategyName } from '@hitless/reload';

export interface PlugScene {
  lab: LabLoadBalancer;
  engine: ReloadEngine;
  /** The lab host's end of its veth pair: where traffic from the VM's root namespace arrives. */
  ingressDevice: string;
  frontendPort: number;
  reload(reloadId: string, strategy: StrategyName, index: number): Promise<ReloadResult>;
}

export async function vethInside(netns: string, runner: ProcessRunner): Promise<string> {
  const links = await runner.run('ip', ['-n', netns, '-o', 'link', 'show', 'type', 'veth']);
  const name = /^\d+:\s+([^@:]+)/.exec(links.stdout)?.[1];
  if (!name) throw new Error(`no veth in namespace ${netns}: ${links.stdout}`);
  return name;
}

export async function openPlugScene(label: string, options: { ingress: boolean; runner?: ProcessRunner }): Promise<PlugScene> {
  const runner = options.runner ?? new SystemProcessRunner();
  const lab = await openLabLoadBalancer({ label, mode: 'daemon' });
  try {
    const ingressDevice = await vethInside(lab.host.netns, runner);
    // A second engine on the same host: the lab's own one cannot be given the
    // interface name, which exists only once the host does.
    const engine = await ReloadEngine.open({
      configPath: lab.lb.configPath,
      stateDir: lab.stateDir,
      runtime: { mode: 'daemon', pidFile: lab.lb.pidFile },
      netns: lab.host.netns,
      probeHost: lab.host.address,
      ingressInterfaces: options.ingress ? [ingressDevice] : [],
      probe: { ratePerSecond: 0 },
      verifyTimeoutMs: 20_000,
      runner,
    });
    const reload = (reloadId: string, strategy: StrategyName, index: number) =>
      engine.reload({ reloadId, strategy, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: index % 2 === 0 ? 'leastconn' : 'roundrobin' } }] });
    return { lab, engine, ingressDevice, frontendPort: LAB_FRONTEND_PORT, reload };
  } catch (error) {
    await lab.close();
    throw error;
  }
}
