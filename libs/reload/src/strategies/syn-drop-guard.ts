// syn-drop: new connections' SYNs are dropped while HAProxy restarts, so none
// can land in a listen queue that is about to close; clients retransmit the SYN
// (after about 1 s, TCP's initial RTO) and reach the new process. Costs latency,
// loses nothing.
import type { HostCommand } from '../host/host-ledger';
import { applyRecorded, GuardContext, GuardedListener, ReloadGuard, releaseRecorded, ruleComment } from './reload-guard';

const WHAT = 'syn-drop rules';

export function synDropRule(listener: GuardedListener, reloadId: string): string[] {
  const ports = listener.portFrom === listener.portTo ? String(listener.portFrom) : `${listener.portFrom}:${listener.portTo}`;
  return [
    'INPUT',
    '-p', 'tcp', '--syn',
    ...(listener.host ? ['-d', listener.host] : []),
    '--dport', ports,
    '-m', 'comment', '--comment', ruleComment(reloadId),
    '-j', 'DROP',
  ];
}

export function synDropCommands(context: Pick<GuardContext, 'listeners' | 'reloadId'>): { steps: HostCommand[]; undo: HostCommand[] } {
  const steps: HostCommand[] = [];
  const undo: HostCommand[] = [];
  for (const listener of context.listeners) {
    const binary = listener.family === 'ipv6' ? 'ip6tables' : 'iptables';
    const rule = synDropRule(listener, context.reloadId);
    steps.push({ command: binary, args: ['-w', '5', '-I', ...rule] });
    // iptables -D exits 1 when the rule is already gone: nothing left to undo.
    undo.push({ command: binary, args: ['-w', '5', '-D', ...rule], okExitCodes: [1] });
  }
  return { steps, undo };
}

export const synDropGuard: ReloadGuard = {
  async engage(context) {
    const { steps, undo } = synDropCommands(context);
    await applyRecorded(context, WHAT, steps, undo);
  },
  release: (context) => releaseRecorded(context, WHAT),
};
