// plug (Yelp's technique): SYNs to the listeners are held in a `plug` qdisc
// while HAProxy restarts, then released, so no SYN can meet a closing listener.
// Locally originated traffic leaves through lo's egress, where an iptables mark
// and a `fw` filter steer SYNs into the plug. Traffic from other machines is
// redirected from each interface's ingress to an ifb device (mirred), where a
// u32 filter sends SYNs (SYN set, ACK clear) into a plug of its own.
// Needs sch_prio, sch_plug, cls_fw (lo) and ifb, act_mirred, cls_u32 (ingress).
// A plug holds every new connection until someone releases it, so the hold is
// bounded: a detached watchdog releases the plugs after a time limit even if
// the process that engaged them dies; the ledger then lets the next engine
// start remove the qdiscs and rules themselves.
import type { RunningProcess } from '@hitless/process';
import type { HostCommand } from '../host/host-ledger';
import { applyRecorded, GuardContext, ReloadGuard, releaseRecorded, ruleComment } from './reload-guard';

const WHAT = 'plug qdiscs';
const MARK = '0x4c55';
const PLUG_HANDLE = '40:';

function tc(...args: string[]): HostCommand {
  return { command: 'tc', args };
}

export interface PlugPlan {
  setup: HostCommand[];
  block: HostCommand[];
  release: HostCommand[];
  undo: HostCommand[];
}

/** The commands for one reload; `interfaces` are the non-loopback interfaces that receive traffic. */
export function plugPlan(context: Pick<GuardContext, 'listeners' | 'reloadId'>, interfaces: string[]): PlugPlan {
  const plan: PlugPlan = { setup: [], block: [], release: [], undo: [] };
  const plugDevices = ['lo'];

  plan.setup.push(
    tc('qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'prio', 'bands', '4'),
    tc('qdisc', 'add', 'dev', 'lo', 'parent', '1:4', 'handle', PLUG_HANDLE, 'plug', 'limit', '10000'),
    tc('filter', 'add', 'dev', 'lo', 'protocol', 'ip', 'parent', '1:0', 'prio', '1', 'handle', MARK, 'fw', 'classid', '1:4'),
  );
  plan.undo.push(tc('qdisc', 'del', 'dev', 'lo', 'root'));
  for (const listener of context.listeners.filter((l) => l.family === 'ipv4')) {
    const ports = listener.portFrom === listener.portTo ? String(listener.portFrom) : `${listener.portFrom}:${listener.portTo}`;
    const rule = ['OUTPUT', '-t', 'mangle', '-p', 'tcp', '--syn', '--dport', ports, '-m', 'comment', '--comment', ruleComment(context.reloadId), '-j', 'MARK', '--set-mark', MARK];
    plan.setup.push({ command: 'iptables', args: ['-w', '5', '-I', ...rule] });
    plan.undo.unshift({ command: 'iptables', args: ['-w', '5', '-D', ...rule], okExitCodes: [1] });
  }

  interfaces.forEach((device, index) => {
    const ifb = `hlifb${index}`;
    plugDevices.push(ifb);
    plan.setup.push(
      { command: 'ip', args: ['link', 'add', ifb, 'type', 'ifb'] },
      { command: 'ip', args: ['link', 'set', ifb, 'up'] },
      tc('qdisc', 'add', 'dev', ifb, 'root', 'handle', '1:', 'prio', 'bands', '4'),
      tc('qdisc', 'add', 'dev', ifb, 'parent', '1:4', 'handle', PLUG_HANDLE, 'plug', 'limit', '10000'),
      // TCP flags at a fixed offset (20-byte IP header + 13), guarded by IHL = 5: u32's
      // `nexthdr+` is only set up by linked hash tables, and unlinked it would read
      // byte 13 of the IP header (the source address). Found by the kernel lab.
      tc('filter', 'add', 'dev', ifb, 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32',
        'match', 'ip', 'protocol', '6', '0xff', 'match', 'u8', '0x05', '0x0f', 'at', '0', 'match', 'u8', '0x02', '0x12', 'at', '33', 'classid', '1:4'),
      tc('qdisc', 'add', 'dev', device, 'handle', 'ffff:', 'ingress'),
    );
    for (const listener of context.listeners.filter((l) => l.family === 'ipv4')) {
      for (let port = listener.portFrom; port <= listener.portTo; port++) {
        plan.setup.push(tc('filter', 'add', 'dev', device, 'parent', 'ffff:', 'protocol', 'ip', 'prio', '1', 'u32',
          'match', 'ip', 'protocol', '6', '0xff', 'match', 'ip', 'dport', String(port), '0xffff',
          'action', 'mirred', 'egress', 'redirect', 'dev', ifb));
      }
    }
    plan.undo.unshift(tc('qdisc', 'del', 'dev', device, 'ingress'), { command: 'ip', args: ['link', 'del', ifb] });
  });

  for (const device of plugDevices) {
    // A plug qdisc starts out holding packets: open it at once, close it only around the restart.
    plan.setup.push(tc('qdisc', 'change', 'dev', device, 'handle', PLUG_HANDLE, 'plug', 'release_indefinite'));
    plan.block.push(tc('qdisc', 'change', 'dev', device, 'handle', PLUG_HANDLE, 'plug', 'block'));
    plan.release.push(tc('qdisc', 'change', 'dev', device, 'handle', PLUG_HANDLE, 'plug', 'release_indefinite'));
  }
  // Deleting qdiscs of a device that is already gone fails harmlessly.
  plan.undo = [...plan.release.map((c) => ({ ...c, okExitCodes: [1, 2] })), ...plan.undo.map((c) => ({ ...c, okExitCodes: [1, 2] }))];
  return plan;
}

/** Longest a reload may hold new connections; far above a restart, far below a client's patience. */
export const PLUG_MAX_HOLD_MS = 5000;

/**
 * The watchdog's script is a constant; the delay and devices arrive as its
 * positional arguments, so no value is ever parsed as shell syntax.
 */
const WATCHDOG_SCRIPT = 'sleep "$1"; shift; for dev in "$@"; do tc qdisc change dev "$dev" handle 40: plug release_indefinite; done';

export function plugWatchdogArgs(plan: Pick<PlugPlan, 'release'>, maxHoldMs: number): string[] {
  const devices = plan.release.map((step) => step.args[3]);
  return ['-c', WATCHDOG_SCRIPT, 'hitless-plug-watchdog', (maxHoldMs / 1000).toFixed(3), ...devices];
}

export function plugGuard(interfaces: string[], maxHoldMs = PLUG_MAX_HOLD_MS): ReloadGuard {
  const watchdogs = new Map<string, RunningProcess>();
  return {
    async engage(context) {
      const plan = plugPlan(context, interfaces);
      await applyRecorded(context, WHAT, plan.setup, plan.undo);
      // Started after the (slow) set-up, so the limit counts from the block, and before
      // anything blocks. The runner puts it in its own process group: it survives a
      // SIGKILL of this process and still opens the plugs.
      watchdogs.set(context.reloadId, context.runner.spawn('sh', plugWatchdogArgs(plan, maxHoldMs), { netns: context.netns }));
      for (const step of plan.block) await context.runner.run(step.command, step.args, { netns: context.netns });
    },
    async release(context) {
      const plan = plugPlan(context, interfaces);
      const watchdog = watchdogs.get(context.reloadId);
      watchdogs.delete(context.reloadId);
      await watchdog?.stop('SIGKILL');
      for (const step of plan.release) await context.runner.run(step.command, step.args, { netns: context.netns });
      await releaseRecorded(context, WHAT);
    },
  };
}
