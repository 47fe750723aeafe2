// What a fault must never leave on a load balancer: a reload guard still
// engaged (a tc qdisc holding SYNs, an iptables rule of the agent's), a live
// haproxy.cfg that is neither the old nor the new config, a config HAProxy
// refuses, or an HAProxy that does not serve.
import { readFile, stat } from 'node:fs/promises';
import { HAPROXY_BINARY } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import { FLEET_FRONTEND_PORT, type FleetHost } from '../support/lab-fleet';

const runner = new SystemProcessRunner();

export interface HostState {
  /** qdiscs other than the kernel's defaults, inside the namespace and on the root end of the veth. */
  guardQdiscs: string[];
  /** iptables rules carrying the agent's `hitless:` comment, any table. */
  hitlessRules: string[];
  /** Which config the live file holds, entirely. */
  liveConfig: 'old' | 'new' | 'other';
  haproxyCheckPasses: boolean;
  /** HTTP status of one request through the load balancer (0: no answer). */
  serves: number;
}

/** A host the fault left clean (which config is live is each test's own expectation). */
export const CLEAN = { guardQdiscs: [], hitlessRules: [], haproxyCheckPasses: true, serves: 200 };

// noqueue is what veth and lo get; anything else (plug, prio, ingress, the ifb's) is a guard's.
const DEFAULT_QDISC = /^qdisc noqueue /;

export async function inspectHost(host: FleetHost, configs: { old: string; new: string }): Promise<HostState> {
  const inside = (await runner.run('tc', ['qdisc', 'show'], { netns: host.lab.netns })).stdout;
  const outside = (await runner.run('tc', ['qdisc', 'show', 'dev', host.lab.vethOutside])).stdout;
  const guardQdiscs = `${inside}\n${outside}`.split('\n').filter((line) => line.trim() && !DEFAULT_QDISC.test(line));
  const rules = (await runner.run('iptables-save', [], { netns: host.lab.netns })).stdout;
  const hitlessRules = rules.split('\n').filter((line) => line.includes('hitless:'));
  const live = await readFile(host.lb.configPath, 'utf8');
  const liveConfig = live === configs.old ? 'old' : live === configs.new ? 'new' : 'other';
  const check = await runner.run(HAPROXY_BINARY, ['-c', '-f', host.lb.configPath], { okExitCodes: [0, 1, 2] });
  const serves = await fetch(`http://${host.lab.address}:${FLEET_FRONTEND_PORT}/`, { signal: AbortSignal.timeout(5000) }).then(
    async (response) => {
      await response.arrayBuffer();
      return response.status;
    },
    () => 0,
  );
  return { guardQdiscs, hitlessRules, liveConfig, haproxyCheckPasses: check.exitCode === 0, serves };
}

/** The live file's identity: an atomic rename gives it a new inode, so an unchanged inode means it was never replaced. */
export async function liveFileIdentity(host: FleetHost): Promise<{ inode: number; text: string }> {
  return { inode: (await stat(host.lb.configPath)).ino, text: await readFile(host.lb.configPath, 'utf8') };
}

/** The config text after `balance` of backend api is set to `algorithm` (the lab config has one balance line). */
export function withBalance(config: string, algorithm: string): string {
  const changed = config.replace(/\n(\s*)balance [^\n]+/, `\n$1balance ${algorithm}`);
  if (changed === config && !config.includes(`balance ${algorithm}\n`)) throw new Error('the lab config has no balance line');
  return changed;
}
