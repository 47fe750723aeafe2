import type { AppliedChange, ConfigChange } from '@hitless/haproxy';
import { rollbackChanges } from './rollback-changes';

const setApi: ConfigChange = { kind: 'set-balance', backend: 'api', balance: { algorithm: 'leastconn' } };
const setWeight: ConfigChange = { kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 };
const balanceRecord: AppliedChange = { backend: 'api', field: 'balance', before: { value: 'hdr(Host) use_domain_only', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, line: 12, edit: 'replaced' };
const weightRecord: AppliedChange = { backend: 'api', server: 'web1', field: 'weight', before: { value: '1', origin: 'haproxy-default' }, after: { value: '50', origin: 'explicit' }, line: 14, edit: 'replaced' };

describe('rollbackChanges', () => {
  it('undoes each change from its record, last first: explicit values set again, inherited ones inherited again', () => {
    expect(rollbackChanges([setApi, setWeight], [balanceRecord, weightRecord])).toEqual([
      { kind: 'inherit-server-weight', backend: 'api', server: 'web1' },
      { kind: 'set-balance', backend: 'api', balance: { algorithm: 'hdr', header: 'Host', useDomainOnly: true } },
    ]);
    expect(rollbackChanges([setApi], [{ ...balanceRecord, before: { value: 'source', origin: 'defaults' } }])).toEqual([{ kind: 'inherit-balance', backend: 'api' }]);
  });

  it.each<[string, readonly AppliedChange[] | null]>([
    ['no records at all (an older agent, or none stored)', null],
    ['fewer records than changes', [balanceRecord]],
    ['a record of another backend', [{ ...balanceRecord, backend: 'web' }, weightRecord]],
    ['records in another order', [weightRecord, balanceRecord]],
  ])('refuses to guess with %s', (_what, records) => {
    const undo = rollbackChanges([setApi, setWeight], records);
    expect(undo).toBeInstanceOf(Error);
    expect((undo as Error).message).toMatch(/did not report what its 2 change\(s\) replaced/);
  });

  it('refuses a before value outside the grammar, naming it', () => {
    const undo = rollbackChanges([setApi], [{ ...balanceRecord, before: { value: 'hash map(/etc/shadow)', origin: 'explicit' } }]);
    expect((undo as Error).message).toMatch(/^cannot restore the value before the change: changes\[0\]\.before/);
  });

});
