// plug (Yelp's technique): SYNs to the listeners are held in a `plug` qdisc
// while HAProxy restarts, then released, so no SYN can meet a closing listener.
// Locally originated traffic leaves through lo's egress, where an iptables mark
// and a `fw` filter steer SYNs into the plug. Traffic from other machines is
// redirected from each interface's ingress to an ifb device (mirred), where a
// u32 filter sends SYNs (SYN set, ACK clear) into a plug of its own.
// Needs sch_prio, sch_plug, cls_fw (lo) and ifb, act_mirred, cls_u32 (ingress).
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
      tc('filter', 'add', 'dev', ifb, 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32',
        'match', 'ip', 'protocol', '6', '0xff', 'match', 'u8', '0x02', '0x12', 'at', 'nexthdr+13', 'classid', '1:4'),
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

export function plugGuard(interfaces: string[]): ReloadGuard {
  return {
    async engage(context) {
      const plan = plugPlan(context, interfaces);
      await applyRecorded(context, WHAT, [...plan.setup, ...plan.block], plan.undo);
    },
    async release(context) {
      const plan = plugPlan(context, interfaces);
      for (const step of plan.release) await context.runner.run(step.command, step.args, { netns: context.netns });
      await releaseRecorded(context, WHAT);
    },
  };
}
