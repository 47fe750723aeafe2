// The reload ids the scheduler derives for each step attempt.
import { createHash } from 'node:crypto';

export type StepKind = 'change' | 'rollback' | 'dry-run';

const KIND_PREFIX: Record<StepKind, string> = { change: 'rs', rollback: 'rb', 'dry-run': 'dr' };

/**
 * The same rollout, host, attempt and kind always give the same id: a step
 * re-sent after a crash or by another replica is answered by the agent's
 * idempotency instead of being applied twice. Hashed because host names may be
 * longer than the 60 characters a reload id may have.
 */
export function stepReloadId(rolloutId: string, hostName: string, attempt: number, kind: StepKind): string {
  const digest = createHash('sha256').update(`${rolloutId}\n${hostName}\n${attempt}\n${kind}`).digest('hex').slice(0, 32);
  return `${KIND_PREFIX[kind]}-${digest}-a${attempt}`;
}

/** The kind of step a reload id was made for by stepReloadId; undefined for any other id. */
export function stepKindOf(reloadId: string): StepKind | undefined {
  const prefix = reloadId.slice(0, reloadId.indexOf('-'));
  return (Object.keys(KIND_PREFIX) as StepKind[]).find((kind) => KIND_PREFIX[kind] === prefix);
}
