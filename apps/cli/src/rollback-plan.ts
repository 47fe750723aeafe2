// `rollout rollback`: the server has no rollback endpoint, so a rollback is a
// new rollout that undoes, on each changed host, what the agent reported its
// change replaced (`appliedChanges` on each step: typed records, never the
// summary text): explicit values set again, inherited ones inherited again.
// Hosts that need the same undo form one rollout each. What the server did not
// record is refused, never guessed.
import { formatBalance, type ConfigChange } from '@hitless/haproxy';
import { parseRolloutSpec, rollbackChanges, RolloutInputError } from '@hitless/rollout';
import { CliFailure } from './cli-errors';
import { EXIT } from './exit-codes';
import { isTerminal, type RolloutDetail } from '@hitless/api-contract';

export interface RollbackRollout {
  name: string;
  spec: Record<string, unknown>;
  idempotencyKey: string;
}

const NAME_LIMIT = 127;

function changesOf(spec: Record<string, unknown>): readonly ConfigChange[] {
  try {
    return parseRolloutSpec(spec).changes;
  } catch (error) {
    if (!(error instanceof RolloutInputError)) throw error;
    throw new CliFailure(`the rollout's spec does not read as a spec (${error.message}); cannot derive a rollback`, EXIT.internal);
  }
}

/** A change as a rollout spec spells it (a balance as HAProxy's words). */
function specChange(change: ConfigChange): Record<string, unknown> {
  return change.kind === 'set-balance' ? { ...change, balance: formatBalance(change.balance) } : { ...change };
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
  const undos = detail.steps
    .filter((s) => s.changed === true && s.state !== 'rolled-back')
    .map((s) => ({ hostName: s.hostName, undo: rollbackChanges(changes, s.appliedChanges) }));
  const unknown = undos.filter((u) => u.undo instanceof Error);
  if (unknown.length > 0) {
    throw new CliFailure(
      `rollback is not possible: what the change replaced is not recorded for ${unknown.map((u) => `${u.hostName} (${(u.undo as Error).message})`).join(', ')}`,
      EXIT.conflict,
    );
  }
  const groups = new Map<string, { changes: Record<string, unknown>[]; hosts: string[] }>();
  for (const { hostName, undo } of undos) {
    const specChanges = (undo as ConfigChange[]).map(specChange);
    const key = JSON.stringify(specChanges);
    const group = groups.get(key) ?? { changes: specChanges, hosts: [] };
    group.hosts.push(hostName);
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
      changes: group.changes,
      plan: { batchSize: plan.batchSize ?? { count: 1 } },
      ...(original.gates !== undefined && { gates: original.gates }),
      ...(original.strategy !== undefined && { strategy: original.strategy }),
      ...(original.offlineHosts !== undefined && { offlineHosts: original.offlineHosts }),
    },
  }));
}
