import { applyChanges } from './apply-changes';
import { describeAppliedChange, recordsChange, undoAppliedChange, undoAppliedChanges, type AppliedChange } from './applied-change';
import type { ConfigChange } from './config-change';
import { InvalidChangeError } from './errors';
import { loadFixture } from './fixtures/load-fixture';
import { listBackends } from './list-backends';
import { parseConfig } from './parse-config';
import { renderConfig } from './render-config';

const serverfault = loadFixture('serverfault-style.cfg');

function apply(text: string, changes: ConfigChange[]) {
  const result = applyChanges(parseConfig(text), changes);
  return { text: renderConfig(result.config), changes: result.changes, summary: result.summary };
}

/** Applies `changes`, then the undo the records call for: the file must come back byte for byte. */
function roundTrip(text: string, changes: ConfigChange[]) {
  const forward = apply(text, changes);
  const back = apply(forward.text, undoAppliedChanges(forward.changes));
  return { forward, back };
}

describe('applyChanges records what each change did', () => {
  it('an explicit balance: before and after, the line it replaced', () => {
    expect(apply(serverfault, [{ kind: 'set-balance', backend: 'apache', balance: { algorithm: 'leastconn' } }]).changes).toEqual([
      { backend: 'apache', field: 'balance', before: { value: 'roundrobin', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, line: 29, edit: 'replaced' },
    ]);
  });

  it("a balance inherited from HAProxy's default: the line it inserted", () => {
    expect(apply(serverfault, [{ kind: 'set-balance', backend: 'static', balance: { algorithm: 'hdr', header: 'Host' } }]).changes).toEqual([
      { backend: 'static', field: 'balance', before: { value: 'roundrobin', origin: 'haproxy-default' }, after: { value: 'hdr(Host)', origin: 'explicit' }, line: 36, edit: 'inserted' },
    ]);
  });

  it('a balance inherited from defaults names the inherited value', () => {
    const text = 'defaults\n  mode http\n  balance source\nbackend b\n  server a 1.2.3.4:80\n';
    expect(apply(text, [{ kind: 'set-balance', backend: 'b', balance: { algorithm: 'first' } }]).changes[0].before).toEqual({ value: 'source', origin: 'defaults' });
  });

  it('a weight: its own, a default-server one, one from defaults, or 1', () => {
    const text = [
      'defaults',
      '  default-server weight 7',
      'backend b',
      '  server own 1.2.3.4:80 weight 4',
      '  server inherited 1.2.3.4:81',
      '  default-server weight 9',
      '  server section 1.2.3.4:82',
      'defaults plain',
      '  mode http',
      'backend c from plain',
      '  server bare 1.2.3.4:83',
      '',
    ].join('\n');
    const { changes } = apply(text, [
      { kind: 'set-server-weight', backend: 'b', server: 'own', weight: 1 },
      { kind: 'set-server-weight', backend: 'b', server: 'inherited', weight: 1 },
      { kind: 'set-server-weight', backend: 'b', server: 'section', weight: 1 },
      { kind: 'set-server-weight', backend: 'c', server: 'bare', weight: 2 },
    ]);
    expect(changes.map((c) => [c.server, c.before, c.after.value, c.line])).toEqual([
      ['own', { value: '4', origin: 'explicit' }, '1', 4],
      ['inherited', { value: '7', origin: 'defaults' }, '1', 5],
      ['section', { value: '9', origin: 'default-server' }, '1', 7],
      ['bare', { value: '1', origin: 'haproxy-default' }, '2', 11],
    ]);
  });

  it('the summary line is made from the record', () => {
    const { changes, summary } = apply(serverfault, [
      { kind: 'set-balance', backend: 'apache', balance: { algorithm: 'leastconn' } },
      { kind: 'set-server-weight', backend: 'apache', server: 'web2', weight: 3 },
    ]);
    expect(summary).toEqual(changes.map((c) => `backend ${describeAppliedChange(c)}`));
    expect(summary).toEqual(['backend apache: balance roundrobin -> leastconn (line 29)', 'backend apache: server web2 weight (default) -> 3 (line 32)']);
  });
});

describe('undoing applied changes restores the file byte for byte', () => {
  it('an inherited balance: the inserted line is removed again', () => {
    const { forward, back } = roundTrip(serverfault, [{ kind: 'set-balance', backend: 'static', balance: { algorithm: 'leastconn' } }]);
    expect(forward.text).not.toBe(serverfault);
    expect(back.changes).toEqual([
      { backend: 'static', field: 'balance', before: { value: 'leastconn', origin: 'explicit' }, after: { value: 'roundrobin', origin: 'haproxy-default' }, line: 36, edit: 'removed' },
    ]);
    expect(back.summary).toEqual(['backend static: balance leastconn -> (inherited) roundrobin (line 36 removed)']);
    expect(back.text).toBe(serverfault);
  });

  it('a balance inherited from defaults comes back from defaults', () => {
    const text = 'defaults\r\n  balance source\r\nbackend b\r\n\tserver a 1.2.3.4:80\r\n';
    const { back } = roundTrip(text, [{ kind: 'set-balance', backend: 'b', balance: { algorithm: 'first' } }]);
    expect(back.text).toBe(text);
    expect(listBackends(parseConfig(back.text))[0].balance).toMatchObject({ text: 'source', source: 'defaults' });
  });

  it('a header on the last line without a newline', () => {
    const text = 'global\n  daemon\nbackend b';
    const { forward, back } = roundTrip(text, [{ kind: 'set-balance', backend: 'b', balance: { algorithm: 'leastconn' } }]);
    expect(forward.text).toBe('global\n  daemon\nbackend b\n  balance leastconn');
    expect(back.text).toBe(text);
  });

  it('explicit and inherited balances and weights, changed together and some twice', () => {
    const { back } = roundTrip(serverfault, [
      { kind: 'set-balance', backend: 'apache', balance: { algorithm: 'static-rr' } },
      { kind: 'set-balance', backend: 'static', balance: { algorithm: 'random', draws: 2 } },
      { kind: 'set-server-weight', backend: 'apache', server: 'web2', weight: 0 },
      { kind: 'set-server-weight', backend: 'apache', server: 'web3', weight: 50 },
      { kind: 'set-balance', backend: 'static', balance: { algorithm: 'first' } },
      { kind: 'set-server-weight', backend: 'apache', server: 'web2', weight: 9 },
    ]);
    expect(back.text).toBe(serverfault);
  });

  it('with CRLF line endings', () => {
    const text = serverfault.replace(/\n/g, '\r\n');
    const { back } = roundTrip(text, [
      { kind: 'set-balance', backend: 'static', balance: { algorithm: 'source' } },
      { kind: 'set-server-weight', backend: 'apache', server: 'web2', weight: 4 },
    ]);
    expect(back.text).toBe(text);
  });

  it('a weight appended before a comment is removed with its space', () => {
    const text = 'backend b\n  server a 1.2.3.4:80 check  # primary\n';
    const { forward, back } = roundTrip(text, [{ kind: 'set-server-weight', backend: 'b', server: 'a', weight: 256 }]);
    expect(forward.text).toBe('backend b\n  server a 1.2.3.4:80 check weight 256  # primary\n');
    expect(back.changes[0]).toMatchObject({ before: { value: '256', origin: 'explicit' }, after: { value: '1', origin: 'haproxy-default' }, edit: 'replaced' });
    expect(back.text).toBe(text);
  });
});

describe('inherit changes', () => {
  it('inherit-balance removes every own balance line, the one in effect is the record', () => {
    const text = 'defaults\n  balance first\nbackend b\n  balance leastconn\n  server a 1.2.3.4:80\n  balance source\n';
    const { text: after, changes } = apply(text, [{ kind: 'inherit-balance', backend: 'b' }]);
    expect(after).toBe('defaults\n  balance first\nbackend b\n  server a 1.2.3.4:80\n');
    expect(changes[0]).toMatchObject({ before: { value: 'source', origin: 'explicit' }, after: { value: 'first', origin: 'defaults' }, line: 6, edit: 'removed' });
  });

  it('an inherit of what is inherited already edits nothing', () => {
    const { text, changes, summary } = apply(serverfault, [
      { kind: 'inherit-balance', backend: 'static' },
      { kind: 'inherit-server-weight', backend: 'apache', server: 'web2' },
    ]);
    expect(text).toBe(serverfault);
    expect(changes.map((c) => [c.edit, c.before, c.after])).toEqual([
      ['none', { value: 'roundrobin', origin: 'haproxy-default' }, { value: 'roundrobin', origin: 'haproxy-default' }],
      ['none', { value: '1', origin: 'haproxy-default' }, { value: '1', origin: 'haproxy-default' }],
    ]);
    expect(summary).toEqual([
      'backend static: balance (inherited) roundrobin unchanged (nothing to edit)',
      'backend apache: server web2 weight (default) 1 unchanged (nothing to edit)',
    ]);
  });

  it('inherit-server-weight drops every weight of the line', () => {
    const text = 'backend b\n  default-server weight 5\n  server a 1.2.3.4:80 weight 2 check weight 3\n';
    const { text: after, changes } = apply(text, [{ kind: 'inherit-server-weight', backend: 'b', server: 'a' }]);
    expect(after).toBe('backend b\n  default-server weight 5\n  server a 1.2.3.4:80 check\n');
    expect(changes[0]).toMatchObject({ before: { value: '3', origin: 'explicit' }, after: { value: '5', origin: 'default-server' } });
  });

  it('refuses an unknown backend or server like any change', () => {
    expect(() => apply(serverfault, [{ kind: 'inherit-balance', backend: 'nope' }])).toThrow(InvalidChangeError);
    expect(() => apply(serverfault, [{ kind: 'inherit-server-weight', backend: 'apache', server: 'web9' }])).toThrow(/changes\[0\]\.server/);
  });
});

describe('undoAppliedChange', () => {
  const balance: AppliedChange = { backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, line: 3, edit: 'replaced' };

  it('sets an explicit value back and makes an inherited one inherited again', () => {
    expect(undoAppliedChange(balance)).toEqual({ kind: 'set-balance', backend: 'api', balance: { algorithm: 'roundrobin' } });
    expect(undoAppliedChange({ ...balance, before: { value: 'roundrobin', origin: 'defaults' } })).toEqual({ kind: 'inherit-balance', backend: 'api' });
    expect(undoAppliedChange({ ...balance, before: { value: '', origin: 'explicit' } })).toEqual({ kind: 'set-balance', backend: 'api', balance: { algorithm: 'roundrobin' } });
    const weight: AppliedChange = { backend: 'api', server: 'w1', field: 'weight', before: { value: '10', origin: 'explicit' }, after: { value: '0', origin: 'explicit' }, line: 5, edit: 'replaced' };
    expect(undoAppliedChange(weight)).toEqual({ kind: 'set-server-weight', backend: 'api', server: 'w1', weight: 10 });
    expect(undoAppliedChange({ ...weight, before: { value: '1', origin: 'haproxy-default' } })).toEqual({ kind: 'inherit-server-weight', backend: 'api', server: 'w1' });
  });

  it.each<[string, AppliedChange, string]>([
    ['a balance outside the grammar', { ...balance, before: { value: 'hash map(/etc/shadow)', origin: 'explicit' } }, 'c.before'],
    ['a newline in a balance', { ...balance, before: { value: 'leastconn\n  lua-load /tmp/x', origin: 'explicit' } }, 'c.before'],
    ['a backend that is no HAProxy name', { ...balance, backend: 'api\nserver x' }, 'c.backend'],
    ['a weight above 256', { ...balance, field: 'weight', server: 'w1', before: { value: '257', origin: 'explicit' } }, 'c.before'],
    ['a weight that is no number', { ...balance, field: 'weight', server: 'w1', before: { value: '1e2', origin: 'explicit' } }, 'c.before'],
    ['a weight without a server', { ...balance, field: 'weight', before: { value: '1', origin: 'explicit' } }, 'c.server'],
  ])('refuses %s, naming the field', (_what, record, field) => {
    expect(() => undoAppliedChange(record, 'c')).toThrow(InvalidChangeError);
    expect(() => undoAppliedChange(record, 'c')).toThrow(new RegExp(`^${field.replace('.', '\\.')}[.:]`));
  });

  it('recordsChange matches a record to the change it records', () => {
    expect(recordsChange(balance, { kind: 'set-balance', backend: 'api', balance: { algorithm: 'first' } })).toBe(true);
    expect(recordsChange(balance, { kind: 'inherit-balance', backend: 'api' })).toBe(true);
    expect(recordsChange(balance, { kind: 'set-balance', backend: 'web', balance: { algorithm: 'first' } })).toBe(false);
    expect(recordsChange(balance, { kind: 'set-server-weight', backend: 'api', server: 'w1', weight: 1 })).toBe(false);
    const weight: AppliedChange = { ...balance, field: 'weight', server: 'w1' };
    expect(recordsChange(weight, { kind: 'inherit-server-weight', backend: 'api', server: 'w1' })).toBe(true);
    expect(recordsChange(weight, { kind: 'set-server-weight', backend: 'api', server: 'w2', weight: 1 })).toBe(false);
  });
});
