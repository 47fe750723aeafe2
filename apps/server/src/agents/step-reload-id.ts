// Rollout changes as the wire ReloadRequest an agent takes, and the reload ids
// the scheduler derives for each step attempt.
import { createHash } from 'node:crypto';
import { formatBalance, parseBalance, type ConfigChange } from '@hitless/haproxy';
import type { StrategyName } from '@hitless/reload';
import { assertReloadId, Strategy, strategyToWire, type ConfigChange as WireChange, type ReloadRequest } from '@hitless/proto';

function changeToWire(change: ConfigChange): WireChange {
  if (change.kind === 'set-balance') {
    const [algorithm, ...args] = formatBalance(change.balance).split(' ');
    return { change: { $case: 'setBalance', value: { backend: change.backend, balance: { algorithm, args } } } };
  }
  return { change: { $case: 'setServerWeight', value: { backend: change.backend, server: change.server, weight: change.weight } } };
}

export function reloadRequest(reloadId: string, hostName: string, changes: readonly ConfigChange[], strategy?: StrategyName): ReloadRequest {
  return {
    reloadId: assertReloadId(reloadId),
    hostName,
    changes: changes.map(changeToWire),
    strategy: strategy ? strategyToWire(strategy) : Strategy.STRATEGY_UNSPECIFIED,
    probe: undefined,
    beforeHooks: [],
    afterHooks: [],
  };
}

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

const BALANCE_SUMMARY = /^(?:backend|listen) (\S+): balance (.+?) -> (.+) \(line \d+\)$/;
const BALANCE_UNCHANGED = /^(?:backend|listen) (\S+): balance (.+) unchanged \(line \d+\)$/;

/**
 * The balance a backend had before the agent changed it, from the agent's own
 * summary of the edit ("backend api: balance roundrobin -> leastconn (line 12)").
 * Undefined when it was inherited from `defaults` or not reported: a rollback
 * then cannot name the old value and must be left to an operator.
 */
export function previousBalance(summary: readonly string[], backend: string): string | undefined {
  for (const line of summary) {
    const match = BALANCE_SUMMARY.exec(line) ?? BALANCE_UNCHANGED.exec(line);
    if (match && match[1] === backend && match[2] !== '(inherited)' && match[2] !== '(empty)') {
      // Re-parsed so that only a value HAProxy's grammar accepts is ever sent back.
      return formatBalance(parseBalance(match[2], 'previous balance'));
    }
  }
  return undefined;
}
