// A guard protects the listeners while HAProxy restarts: it is engaged just
// before the restart and released once no old process listens any more.
// Every change it makes is recorded in the host ledger first, with its undo.
import type { ProcessRunner } from '@hitless/process';
import type { HostCommand, HostLedger } from '../host/host-ledger';

export interface GuardedListener {
  family: 'ipv4' | 'ipv6';
  /** Undefined for a wildcard bind. */
  host?: string;
  portFrom: number;
  portTo: number;
}

export interface GuardContext {
  reloadId: string;
  netns?: string;
  listeners: GuardedListener[];
  ledger: HostLedger;
  runner: ProcessRunner;
}

export interface ReloadGuard {
  engage(context: GuardContext): Promise<void>;
  release(context: GuardContext): Promise<void>;
}

/** Records the undo, then runs the steps; a step that fails still leaves its undo recorded. */
export async function applyRecorded(context: GuardContext, what: string, steps: HostCommand[], undo: HostCommand[]): Promise<void> {
  await context.ledger.record({ reloadId: context.reloadId, what, undo, netns: context.netns });
  for (const step of steps) await context.runner.run(step.command, step.args, { netns: context.netns, okExitCodes: [0, ...(step.okExitCodes ?? [])] });
}

export async function releaseRecorded(context: GuardContext, what: string): Promise<void> {
  const entry = (await context.ledger.entries()).find((e) => e.reloadId === context.reloadId && e.what === what);
  if (entry) await context.ledger.undo(entry);
}

/** The iptables comment that marks a rule as ours, so a sweep can find it. */
export function ruleComment(reloadId: string): string {
  return `hitless:${reloadId}`;
}
