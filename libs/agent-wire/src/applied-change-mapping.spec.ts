import { InvalidChangeError, type AppliedChange } from '@hitless/haproxy';
import * as wire from '@hitless/proto';
import { appliedChangeFromWire, appliedChangesFromWire, appliedChangeToWire } from './applied-change-mapping';

const balance: AppliedChange = {
  backend: 'api',
  field: 'balance',
  before: { value: 'roundrobin', origin: 'haproxy-default' },
  after: { value: 'hdr(Host) use_domain_only', origin: 'explicit' },
  line: 12,
  edit: 'inserted',
};
const weight: AppliedChange = {
  backend: 'api',
  server: 'web1',
  field: 'weight',
  before: { value: '7', origin: 'default-server' },
  after: { value: '1', origin: 'defaults' },
  line: 14,
  edit: 'replaced',
};

describe('applied change mapping', () => {
  it('a record comes back as it went out, through the binary encoding', () => {
    for (const record of [balance, weight, { ...balance, before: { value: 'source', origin: 'defaults' }, edit: 'removed' }, { ...weight, edit: 'none' }] as AppliedChange[]) {
      const sent = wire.AppliedChange.decode(wire.AppliedChange.encode(appliedChangeToWire(record)).finish());
      expect(appliedChangeFromWire(sent, 'c')).toEqual(record);
    }
  });

  it.each<[string, Partial<wire.AppliedChange>, string]>([
    ['an unknown field', { field: wire.ChangedField.CHANGED_FIELD_UNSPECIFIED }, 'c.field'],
    ['a field from a newer agent', { field: 99 as wire.ChangedField }, 'c.field'],
    ['no before value', { before: undefined }, 'c.before'],
    ['an unknown origin', { before: { value: 'x', origin: wire.ValueOrigin.VALUE_ORIGIN_UNSPECIFIED } }, 'c.before.origin'],
    ['a newline in a value', { after: { value: 'leastconn\n  lua-load /tmp/x', origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT } }, 'c.after.value'],
    ['a NUL in a value', { before: { value: 'a\u0000', origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT } }, 'c.before.value'],
    ['a huge value', { before: { value: 'x'.repeat(5000), origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT } }, 'c.before.value'],
    ['a backend that is no HAProxy name', { backend: '../etc' }, 'c.backend'],
    ['a server on a balance change', { server: 'web1' }, 'c.server'],
    ['an unknown edit', { edit: wire.LineEdit.LINE_EDIT_UNSPECIFIED }, 'c.edit'],
  ])('refuses %s, naming the field', (_what, over, field) => {
    const record = { ...appliedChangeToWire(balance), ...over };
    expect(() => appliedChangeFromWire(record, 'c')).toThrow(InvalidChangeError);
    expect(() => appliedChangeFromWire(record, 'c')).toThrow(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
  });

  it('refuses a weight record without a server, and more records than a reload has changes', () => {
    expect(() => appliedChangeFromWire({ ...appliedChangeToWire(weight), server: '' }, 'c')).toThrow(/^c\.server: /);
    expect(() => appliedChangesFromWire(Array.from({ length: 65 }, () => appliedChangeToWire(balance)), 'changes')).toThrow(/^changes: /);
    expect(appliedChangesFromWire([appliedChangeToWire(balance), appliedChangeToWire(weight)], 'changes')).toEqual([balance, weight]);
  });
});
