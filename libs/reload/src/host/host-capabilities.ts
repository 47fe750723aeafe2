// What this host can do, probed rather than assumed: HAProxy's version and how
// it runs, the kernel, and for each strategy whether it is available and why.
import { release } from 'node:os';
import { haproxyVersion } from '@hitless/haproxy';
import { CommandError, ProcessRunner } from '@hitless/process';
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

/**
 * The plug qdisc and its companions are tried for real in a throwaway network
 * namespace: nothing on the host changes, and a kernel without them says so.
 */
async function probePlug(input: CapabilityProbeInput): Promise<StrategyAvailability> {
  const scratch = `hitless-probe-${process.pid}-${Date.now() % 100000}`;
  const steps: Array<[string, string, string[]]> = [
    ['sch_prio', 'tc', ['-n', scratch, 'qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'prio', 'bands', '4']],
    ['sch_plug', 'tc', ['-n', scratch, 'qdisc', 'add', 'dev', 'lo', 'parent', '1:4', 'handle', '40:', 'plug', 'limit', '100']],
    ['cls_fw', 'tc', ['-n', scratch, 'filter', 'add', 'dev', 'lo', 'protocol', 'ip', 'parent', '1:0', 'prio', '1', 'handle', '1', 'fw', 'classid', '1:4']],
    ['ifb', 'ip', ['-n', scratch, 'link', 'add', 'hlifbprobe', 'type', 'ifb']],
  ];
  try {
    await input.runner.run('ip', ['netns', 'add', scratch]);
  } catch (error) {
    return { name: 'plug', available: false, reason: `cannot create a scratch namespace to test tc: ${why(error)}` };
  }
  try {
    for (const [feature, command, args] of steps) {
      try {
        await input.runner.run(command, args);
      } catch (error) {
        return { name: 'plug', available: false, reason: `kernel ${release()} lacks ${feature}: ${why(error)}` };
      }
    }
    return { name: 'plug', available: true, reason: `kernel ${release()} has sch_prio, sch_plug, cls_fw and ifb: SYNs can be held during the restart` };
  } finally {
    await input.runner.run('ip', ['netns', 'del', scratch], { okExitCodes: [0, 1] });
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
