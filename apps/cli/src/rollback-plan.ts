// `rollout rollback`: the server has no rollback endpoint, so a rollback is a
// new rollout that sets each changed backend back to the balance the agent
// reported before the change (`previousBalances` on each step). Hosts that had
// different previous values get one rollout each group. What the server did
// not record (weights, inherited balances) is refused, never guessed.
import { CliFailure } from './cli-errors';
import { EXIT } from './exit-codes';
import { isTerminal, type RolloutDetail } from '@hitless/api-contract';

export interface RollbackRollout {
  name: string;
  spec: Record<string, unknown>;
  idempotencyKey: string;
}

const NAME_LIMIT = 127;

function changesOf(spec: Record<string, unknown>): { kind: string; backend: string }[] {
  const changes = spec.changes;
  if (!Array.isArray(changes)) throw new CliFailure(`rollout spec has no changes list; cannot derive a rollback`, EXIT.internal);
  return changes.map((c: unknown) => {
    const change = c as { kind?: unknown; backend?: unknown };
    return { kind: String(change.kind), backend: String(change.backend) };
  });
}

function rollbackName(name: string, part: number, parts: number, override?: string): string {
  const base = override ?? `rollback of ${name}`;
  const suffix = parts > 1 ? ` part ${part} of ${parts}` : '';
  return `${base.slice(0, NAME_LIMIT - suffix.length)}${suffix}`;
}

export function planRollback(detail: RolloutDetail, nameOverride?: string): RollbackRollout[] {
  const { rollout } = detail;
  if (!isTerminal(rollout.state)) {
    throw new CliFailure(`rollout ${rollout.id} is ${rollout.state}; abort it (hitless rollout abort ${rollout.id}) and wait for it to end before rolling back`, EXIT.conflict);
  }
  const changes = changesOf(rollout.spec);
  const unsupported = changes.filter((c) => c.kind !== 'set-balance');
  if (unsupported.length > 0) {
    throw new CliFailure(`rollback is not supported for ${[...new Set(unsupported.map((c) => c.kind))].join(', ')} changes: the server does not record the values before them`, EXIT.conflict);
  }
  const backends = [...new Set(changes.map((c) => c.backend))].sort();
  const changed = detail.steps.filter((s) => s.changed === true && s.state !== 'rolled-back');
  const unknown = changed.filter((s) => backends.some((b) => s.previousBalances?.[b] === undefined));
  if (unknown.length > 0) {
    throw new CliFailure(
      `rollback is not possible: the balance before the change is not recorded for ${unknown.map((s) => s.hostName).join(', ')} (inherited from defaults or not reported)`,
      EXIT.conflict,
    );
  }
  const groups = new Map<string, { balances: Record<string, string>; hosts: string[] }>();
  for (const step of changed) {
    const balances = Object.fromEntries(backends.map((b) => [b, step.previousBalances![b]]));
    const key = JSON.stringify(balances);
    const group = groups.get(key) ?? { balances, hosts: [] };
    group.hosts.push(step.hostName);
    groups.set(key, group);
  }
  const original = rollout.spec;
  const plan = (original.plan ?? {}) as Record<string, unknown>;
  return [...groups.values()].map((group, i, all) => ({
    name: rollbackName(rollout.name, i + 1, all.length, nameOverride),
    // A deterministic key: running the same rollback twice finds the first one instead of creating another.
    idempotencyKey: `rollback-${rollout.id}-${i + 1}`,
    spec: {
      target: { hosts: [...group.hosts].sort() },
      changes: backends.map((backend) => ({ kind: 'set-balance', backend, balance: group.balances[backend] })),
      plan: { batchSize: plan.batchSize ?? { count: 1 } },
      ...(original.gates !== undefined && { gates: original.gates }),
      ...(original.strategy !== undefined && { strategy: original.strategy }),
      ...(original.offlineHosts !== undefined && { offlineHosts: original.offlineHosts }),
    },
  }));
}
