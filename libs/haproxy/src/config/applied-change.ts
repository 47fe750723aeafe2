// What a typed change did to haproxy.cfg, as data: the setting it touched, the
// value in effect before and after (and where each came from), and the line it
// edited. Rollback restores `before` from this record; nothing parses the
// human summary, which is made from the same record.
import type { AppliedChange, ChangedField, ChangeValue, LineEdit, ValueOrigin } from '@hitless/api-contract';
import { HAPROXY_DEFAULT_BALANCE } from './balance-setting';
import type { ConfigChange } from './config-change';
import { MAX_SERVER_WEIGHT } from './config-change';
import { InvalidChangeError } from './errors';
import { parseBalance } from './parse-balance';
import { assertIdentifier } from './safe-text';

// The record's shape and words are the API contract's, which clients in a browser
// can load: one definition for the engine that writes records and the views that show them.
export type { AppliedChange, ChangedField, ChangeValue, LineEdit, ValueOrigin };

function shown(value: ChangeValue, field: ChangedField): string {
  if (value.origin !== 'explicit') return field === 'balance' ? '(inherited)' : '(default)';
  return value.value === '' ? '(empty)' : value.value;
}

/** One line for people, e.g. `api: balance roundrobin -> leastconn (line 12)`. Programs read the record itself. */
export function describeAppliedChange(change: AppliedChange): string {
  const subject = change.field === 'balance' ? 'balance' : `server ${change.server ?? ''} weight`;
  const before = shown(change.before, change.field);
  const after = change.after.origin === 'explicit' ? shown(change.after, change.field) : `${shown(change.after, change.field)} ${change.after.value}`;
  const same = change.before.origin === change.after.origin && change.before.value === change.after.value;
  const what = same ? `${subject} ${after} unchanged` : `${subject} ${before} -> ${after}`;
  const where = {
    replaced: `line ${change.line}`,
    inserted: `inserted at line ${change.line}`,
    removed: `line ${change.line} removed`,
    none: 'nothing to edit',
  }[change.edit];
  return `${change.backend}: ${what} (${where})`;
}

/**
 * The change that puts one setting back as it was: the old explicit value, or the
 * inheritance it had. Values come from a record another host sent, so they pass the
 * same grammar as any change (InvalidChangeError naming `field` when they do not).
 */
export function undoAppliedChange(change: AppliedChange, field = 'change'): ConfigChange {
  const backend = assertIdentifier(change.backend, `${field}.backend`);
  const inherited = change.before.origin !== 'explicit';
  if (change.field === 'balance') {
    if (inherited) return { kind: 'inherit-balance', backend };
    // A bare `balance` line means roundrobin to HAProxy.
    const balance = change.before.value === '' ? HAPROXY_DEFAULT_BALANCE : parseBalance(change.before.value, `${field}.before`);
    return { kind: 'set-balance', backend, balance };
  }
  const server = assertIdentifier(change.server, `${field}.server`);
  if (inherited) return { kind: 'inherit-server-weight', backend, server };
  const weight = /^\d{1,3}$/.test(change.before.value) ? Number(change.before.value) : NaN;
  if (!(weight <= MAX_SERVER_WEIGHT)) throw new InvalidChangeError(`${field}.before`, `is not a weight from 0 to ${MAX_SERVER_WEIGHT}`);
  return { kind: 'set-server-weight', backend, server, weight };
}

/** The changes that undo `applied`, last first, so that a setting changed twice ends at its first `before`. */
export function undoAppliedChanges(applied: readonly AppliedChange[], field = 'changes'): ConfigChange[] {
  return applied.map((change, i) => undoAppliedChange(change, `${field}[${i}]`)).reverse();
}

/** True when `applied` is the record of `change`: same setting of the same backend (and server). */
export function recordsChange(applied: AppliedChange, change: ConfigChange): boolean {
  const field: ChangedField = change.kind === 'set-balance' || change.kind === 'inherit-balance' ? 'balance' : 'weight';
  if (applied.field !== field || applied.backend !== change.backend) return false;
  return field === 'balance' || ('server' in change && applied.server === change.server);
}
