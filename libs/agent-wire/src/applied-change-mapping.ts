// What a change did (AppliedChange) between the engine's record and the wire's.
// The server stores and acts on what arrives (a rollback restores `before`), so
// fromWire holds every field to its shape: names as HAProxy names, values as
// single lines of bounded length, enums it knows. The values themselves pass
// HAProxy's grammar only when a rollback uses them (undoAppliedChange).
import {
  assertIdentifier,
  InvalidChangeError,
  MAX_BALANCE_WORD_LENGTH,
  MAX_CHANGES_PER_RELOAD,
  type AppliedChange,
  type ChangedField,
  type ChangeValue,
  type LineEdit,
  type ValueOrigin,
} from '@hitless/haproxy';
import * as wire from '@hitless/proto';
import { enumMapping, type EnumMapping } from './enum-mapping';

const FIELDS = enumMapping<ChangedField, wire.ChangedField>({
  balance: wire.ChangedField.CHANGED_FIELD_BALANCE,
  weight: wire.ChangedField.CHANGED_FIELD_WEIGHT,
});

const ORIGINS = enumMapping<ValueOrigin, wire.ValueOrigin>({
  explicit: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT,
  'default-server': wire.ValueOrigin.VALUE_ORIGIN_DEFAULT_SERVER,
  defaults: wire.ValueOrigin.VALUE_ORIGIN_DEFAULTS,
  'haproxy-default': wire.ValueOrigin.VALUE_ORIGIN_HAPROXY_DEFAULT,
});

const EDITS = enumMapping<LineEdit, wire.LineEdit>({
  replaced: wire.LineEdit.LINE_EDIT_REPLACED,
  inserted: wire.LineEdit.LINE_EDIT_INSERTED,
  removed: wire.LineEdit.LINE_EDIT_REMOVED,
  none: wire.LineEdit.LINE_EDIT_NONE,
});

/** A whole `balance` line's arguments: a few words, each within the word limit. */
const MAX_VALUE_LENGTH = 4 * MAX_BALANCE_WORD_LENGTH;
// One line of printable text: no control, format or separator characters.
const NOT_ONE_LINE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

function fromEnum<D extends string, W extends number>(mapping: EnumMapping<D, W>, value: W, field: string): D {
  const name = mapping.fromWire(value);
  if (name === undefined) throw new InvalidChangeError(field, 'is missing or unknown');
  return name;
}

function valueToWire(value: ChangeValue): wire.ChangeValue {
  return { value: value.value, origin: ORIGINS.toWire(value.origin) };
}

function valueFromWire(value: wire.ChangeValue | undefined, field: string): ChangeValue {
  if (!value) throw new InvalidChangeError(field, 'is missing');
  if (value.value.length > MAX_VALUE_LENGTH) throw new InvalidChangeError(`${field}.value`, `must be at most ${MAX_VALUE_LENGTH} characters`);
  if (NOT_ONE_LINE.test(value.value)) throw new InvalidChangeError(`${field}.value`, 'must be one line of printable text');
  return { value: value.value, origin: fromEnum(ORIGINS, value.origin, `${field}.origin`) };
}

export function appliedChangeToWire(change: AppliedChange): wire.AppliedChange {
  return {
    backend: change.backend,
    server: change.server ?? '',
    field: FIELDS.toWire(change.field),
    before: valueToWire(change.before),
    after: valueToWire(change.after),
    line: change.line,
    edit: EDITS.toWire(change.edit),
  };
}

export function appliedChangeFromWire(change: wire.AppliedChange, field: string): AppliedChange {
  const changed = fromEnum(FIELDS, change.field, `${field}.field`);
  const record: AppliedChange = {
    backend: assertIdentifier(change.backend, `${field}.backend`),
    field: changed,
    before: valueFromWire(change.before, `${field}.before`),
    after: valueFromWire(change.after, `${field}.after`),
    line: change.line,
    edit: fromEnum(EDITS, change.edit, `${field}.edit`),
  };
  if (changed === 'balance') {
    if (change.server !== '') throw new InvalidChangeError(`${field}.server`, 'must be empty for a balance change');
    return record;
  }
  return { ...record, server: assertIdentifier(change.server, `${field}.server`) };
}

/** Every record of a result, in order; the first malformed one is refused. At most one per change of a reload. */
export function appliedChangesFromWire(changes: readonly wire.AppliedChange[], field: string): AppliedChange[] {
  if (changes.length > MAX_CHANGES_PER_RELOAD) throw new InvalidChangeError(field, `at most ${MAX_CHANGES_PER_RELOAD} records (one per change)`);
  return changes.map((change, i) => appliedChangeFromWire(change, `${field}[${i}]`));
}
