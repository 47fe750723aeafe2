// What this host can do, probed rather than assumed: HAProxy's version and how
// it runs, the kernel, and for each strategy whether it is available and why.
import { release } from 'node:os';
import { haproxyVersion } from '@hitless/haproxy';
import { CommandError, isProcessAlive, ProcessRunner } from '@hitless/process';
import { HostCapabilities, STRATEGY_PREFERENCE, StrategyAvailability, StrategyName } from '../reload-types';
import { MIGRATE_SYSCTL } from '../strategies/migrate-guard';

export interface CapabilityProbeInput {
  haproxyBinary: string;
  mode: 'master-worker' | 'daemon';
  /** Daemon mode: a stats socket with `expose-fd listeners` to pass sockets with `-x`. */
  socketTransferVia?: string;
  netns?: string;
  runner: ProcessRunner;
}

function why(error: unknown): string {
  if (error instanceof CommandError) return (error.stderr || error.stdout || error.message).trim().split('\n')[0];
  return (error as Error).message;
}

async function probeSeamless(input: CapabilityProbeInput, version: { major: number; minor: number }): Promise<StrategyAvailability> {
  const recent = version.major > 1 || version.minor >= 8;
  if (!recent) return { name: 'seamless', available: false, reason: `HAProxy ${version.major}.${version.minor} predates socket transfer (needs 1.8)` };
  if (input.mode === 'master-worker') {
    return { name: 'seamless', available: true, reason: 'master-worker mode: the master passes the listening sockets to the new worker on reload' };
  }
  if (input.socketTransferVia) {
    return { name: 'seamless', available: true, reason: `daemon mode with a stats socket exposing listeners (${input.socketTransferVia}): new process started with -x` };
  }
  return { name: 'seamless', available: false, reason: 'daemon mode without a stats socket that has "expose-fd listeners": sockets cannot be passed' };
}

async function probeMigrate(input: CapabilityProbeInput): Promise<StrategyAvailability> {
  try {
    await input.runner.run('sysctl', ['-n', MIGRATE_SYSCTL], { netns: input.netns });
    return { name: 'migrate', available: true, reason: `kernel ${release()} has ${MIGRATE_SYSCTL}: queued connections move to the new listener` };
  } catch (error) {
    return { name: 'migrate', available: false, reason: `kernel ${release()} has no ${MIGRATE_SYSCTL} (needs Linux >= 5.14): ${why(error)}` };
  }
}

async function probeSynDrop(input: CapabilityProbeInput): Promise<StrategyAvailability> {
  try {
    await input.runner.run('iptables', ['-w', '5', '-S', 'INPUT'], { netns: input.netns });
    return { name: 'syn-drop', available: true, reason: 'iptables works: SYNs can be dropped during the restart (clients retry after about 1 s)' };
  } catch (error) {
    return { name: 'syn-drop', available: false, reason: `iptables unusable: ${why(error)}` };
  }
}

const PROBE_LINK = /^hlprobe(\d+)$/;

/** Probe links left by an agent that was killed mid-probe (their pid no longer runs). */
async function removeStaleProbeLinks(input: CapabilityProbeInput): Promise<void> {
  const links = await input.runner.run('ip', ['-o', 'link', 'show', 'type', 'ifb'], { netns: input.netns, okExitCodes: [0, 1, 2] });
  for (const line of links.stdout.split('\n')) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    const pid = name ? PROBE_LINK.exec(name)?.[1] : undefined;
    if (name && pid && !isProcessAlive(Number(pid))) await input.runner.run('ip', ['link', 'del', name], { netns: input.netns, okExitCodes: [0, 1, 2] });
  }
}

/**
 * The plug qdisc and its companions are tried for real on a throwaway ifb
 * device, made where HAProxy runs and deleted at once: it carries no address
 * and no traffic, so nothing on the host changes, and a kernel without the
 * features says so. It needs CAP_NET_ADMIN and nothing else: no scratch
 * namespace, so the agent's systemd sandbox (no CAP_SYS_ADMIN,
 * RestrictNamespaces=yes) allows it.
 */
async function probePlug(input: CapabilityProbeInput): Promise<StrategyAvailability> {
  await removeStaleProbeLinks(input);
  const device = `hlprobe${process.pid}`;
  const steps: Array<[string, string[]]> = [
    ['sch_prio', ['qdisc', 'add', 'dev', device, 'root', 'handle', '1:', 'prio', 'bands', '4']],
    ['sch_plug', ['qdisc', 'add', 'dev', device, 'parent', '1:4', 'handle', '40:', 'plug', 'limit', '100']],
    ['cls_fw', ['filter', 'add', 'dev', device, 'protocol', 'ip', 'parent', '1:0', 'prio', '1', 'handle', '1', 'fw', 'classid', '1:4']],
  ];
  try {
    await input.runner.run('ip', ['link', 'add', device, 'type', 'ifb'], { netns: input.netns });
  } catch (error) {
    return { name: 'plug', available: false, reason: `kernel ${release()} lacks ifb: ${why(error)}` };
  }
  try {
    for (const [feature, args] of steps) {
      try {
        await input.runner.run('tc', args, { netns: input.netns });
      } catch (error) {
        return { name: 'plug', available: false, reason: `kernel ${release()} lacks ${feature}: ${why(error)}` };
      }
    }
    return { name: 'plug', available: true, reason: `kernel ${release()} has sch_prio, sch_plug, cls_fw and ifb: SYNs can be held during the restart` };
  } finally {
    await input.runner.run('ip', ['link', 'del', device], { netns: input.netns, okExitCodes: [0, 1, 2] });
  }
}

export async function probeCapabilities(input: CapabilityProbeInput): Promise<HostCapabilities> {
  const version = await haproxyVersion(input.haproxyBinary, input.runner);
  const strategies = await Promise.all([
    probeSeamless(input, version),
    probeMigrate(input),
    probePlug(input),
    probeSynDrop(input),
    Promise.resolve<StrategyAvailability>({ name: 'naive', available: true, reason: 'always possible; the baseline that can drop connections' }),
  ]);
  const byName = new Map(strategies.map((s) => [s.name, s]));
  const preferred = STRATEGY_PREFERENCE.find((name) => byName.get(name)?.available) as StrategyName;
  const order = STRATEGY_PREFERENCE.map((name) => byName.get(name) as StrategyAvailability);
  return {
    haproxy: { version: version.full, mode: input.mode },
    kernel: release(),
    strategies: order,
    preferred,
    preferredReason: byName.get(preferred)?.reason ?? '',
  };
}
