import type { ConfigChange } from './config-change';
import { applyChanges } from './apply-changes';
import { InvalidChangeError } from './errors';
import { changedLines, loadFixture } from './fixtures/load-fixture';
import { listBackends } from './list-backends';
import { parseConfig } from './parse-config';
import { renderConfig } from './render-config';

const serverfault = loadFixture('serverfault-style.cfg');

function apply(text: string, changes: ConfigChange[]) {
  const before = parseConfig(text);
  const result = applyChanges(before, changes);
  return { before, after: renderConfig(result.config), summary: result.summary, config: result.config };
}

describe('applyChanges: set-balance', () => {
  it('replaces the balance line in place, keeping indentation and the trailing comment', () => {
    const { after, summary } = apply(serverfault, [{ kind: 'set-balance', backend: 'apache', balance: { algorithm: 'leastconn' } }]);
    expect(changedLines(serverfault, after)).toEqual({
      removed: ['    balance roundrobin   # keep sessions even'],
      added: ['    balance leastconn   # keep sessions even'],
    });
    expect(summary).toEqual(['backend apache: balance roundrobin -> leastconn (line 29)']);
  });

  it('inserts a balance line after the header with the indentation of the first directive', () => {
    const { after, summary, config } = apply(serverfault, [
      { kind: 'set-balance', backend: 'static', balance: { algorithm: 'hdr', header: 'Host', useDomainOnly: true } },
    ]);
    expect(changedLines(serverfault, after)).toEqual({ removed: [], added: ['    balance hdr(Host) use_domain_only'] });
    const lines = after.split('\n');
    expect(lines[lines.indexOf('backend static') + 1]).toBe('    balance hdr(Host) use_domain_only');
    expect(summary[0]).toMatch(/^backend static: balance \(inherited\) -> hdr\(Host\) use_domain_only/);
    expect(listBackends(config).find((b) => b.name === 'static')?.balance.source).toBe('explicit');
  });

  it('uses tab indentation when the section uses tabs', () => {
    const text = 'backend b\n\tserver a 1.2.3.4:80\n';
    expect(apply(text, [{ kind: 'set-balance', backend: 'b', balance: { algorithm: 'first' } }]).after).toBe(
      'backend b\n\tbalance first\n\tserver a 1.2.3.4:80\n',
    );
  });

  it('keeps CRLF line endings', () => {
    const text = serverfault.replace(/\n/g, '\r\n');
    const { after } = apply(text, [
      { kind: 'set-balance', backend: 'apache', balance: { algorithm: 'source' } },
      { kind: 'set-balance', backend: 'static', balance: { algorithm: 'random', draws: 2 } },
    ]);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(changedLines(text, after).added).toEqual(['    balance source   # keep sessions even\r', '    balance random(2)\r']);
  });

  it('handles a header on the last line without a trailing newline', () => {
    const { after } = apply('global\n  daemon\nbackend b', [{ kind: 'set-balance', backend: 'b', balance: { algorithm: 'leastconn' } }]);
    expect(after).toBe('global\n  daemon\nbackend b\n  balance leastconn');
  });

  it('changes the last of several balance lines (the one HAProxy uses)', () => {
    const text = 'backend b\n  balance leastconn\n  balance source\n';
    expect(apply(text, [{ kind: 'set-balance', backend: 'b', balance: { algorithm: 'first' } }]).after).toBe(
      'backend b\n  balance leastconn\n  balance first\n',
    );
  });

  it('changes a listen section', () => {
    const { after } = apply(serverfault, [{ kind: 'set-balance', backend: 'mysql', balance: { algorithm: 'uri', len: 5 } }]);
    expect(changedLines(serverfault, after)).toEqual({ removed: ['    balance leastconn'], added: ['    balance uri len 5'] });
  });

  it('does not mutate the input config', () => {
    const before = parseConfig(serverfault);
    const snapshot = JSON.stringify(before);
    applyChanges(before, [{ kind: 'set-balance', backend: 'apache', balance: { algorithm: 'leastconn' } }]);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(renderConfig(before)).toBe(serverfault);
  });
});

describe('applyChanges: set-server-weight', () => {
  it('replaces only the weight value', () => {
    const { after, summary } = apply(serverfault, [{ kind: 'set-server-weight', backend: 'apache', server: 'web3', weight: 50 }]);
    expect(changedLines(serverfault, after)).toEqual({
      removed: ['\tserver web3 127.0.0.1:8083 check inter 2s weight 5 # canary'],
      added: ['\tserver web3 127.0.0.1:8083 check inter 2s weight 50 # canary'],
    });
    expect(summary).toEqual(['backend apache: server web3 weight 5 -> 50 (line 33)']);
  });

  it('appends a weight when the server has none', () => {
    const { after } = apply(serverfault, [{ kind: 'set-server-weight', backend: 'apache', server: 'web2', weight: 0 }]);
    expect(changedLines(serverfault, after)).toEqual({
      removed: ['    server web2 127.0.0.1:8082 check'],
      added: ['    server web2 127.0.0.1:8082 check weight 0'],
    });
  });

  it('appends before a trailing comment', () => {
    const text = 'backend b\n  server a 1.2.3.4:80 check  # primary\n';
    expect(apply(text, [{ kind: 'set-server-weight', backend: 'b', server: 'a', weight: 256 }]).after).toBe(
      'backend b\n  server a 1.2.3.4:80 check weight 256  # primary\n',
    );
  });

  it('applies several changes in order and reports each', () => {
    const { after, summary, config } = apply(serverfault, [
      { kind: 'set-server-weight', backend: 'apache', server: 'web1', weight: 1 },
      { kind: 'set-balance', backend: 'apache', balance: { algorithm: 'static-rr' } },
      { kind: 'set-server-weight', backend: 'static', server: 's2', weight: 9 },
    ]);
    expect(summary).toHaveLength(3);
    const diff = changedLines(serverfault, after);
    expect(diff.removed).toHaveLength(3);
    expect(diff.added).toEqual([
      '    balance static-rr   # keep sessions even',
      '    server web1 127.0.0.1:8081 check weight 1',
      '    server s2 127.0.0.1:8092 weight 9',
    ]);
    const apache = listBackends(config).find((b) => b.name === 'apache');
    expect(apache?.balance.setting).toEqual({ algorithm: 'static-rr' });
    expect(apache?.servers.map((s) => s.weight)).toEqual([1, 1, 5]);
  });
});

describe('applyChanges: rejected changes leave everything untouched', () => {
  const cases: [string, unknown[], string][] = [
    ['unknown backend', [{ kind: 'set-balance', backend: 'nope', balance: { algorithm: 'leastconn' } }], 'changes[0].backend'],
    ['a frontend is not a backend', [{ kind: 'set-balance', backend: 'www', balance: { algorithm: 'leastconn' } }], 'changes[0].backend'],
    ['backend name with a newline', [{ kind: 'set-balance', backend: 'apache\nserver x 1.1.1.1:1', balance: { algorithm: 'leastconn' } }], 'changes[0].backend'],
    ['backend name with a space', [{ kind: 'set-balance', backend: 'apache x', balance: { algorithm: 'leastconn' } }], 'changes[0].backend'],
    ['bad algorithm', [{ kind: 'set-balance', backend: 'apache', balance: { algorithm: 'fastest' } }], 'changes[0].balance.algorithm'],
    ['injection through a header name', [{ kind: 'set-balance', backend: 'apache', balance: { algorithm: 'hdr', header: 'Host\n    server evil 1.2.3.4:80' } }], 'changes[0].balance.header'],
    ['unknown server', [{ kind: 'set-server-weight', backend: 'apache', server: 'web9', weight: 1 }], 'changes[0].server'],
    ['server name with a slash', [{ kind: 'set-server-weight', backend: 'apache', server: 'web/1', weight: 1 }], 'changes[0].server'],
    ['weight above 256', [{ kind: 'set-server-weight', backend: 'apache', server: 'web1', weight: 257 }], 'changes[0].weight'],
    ['negative weight', [{ kind: 'set-server-weight', backend: 'apache', server: 'web1', weight: -1 }], 'changes[0].weight'],
    ['fractional weight', [{ kind: 'set-server-weight', backend: 'apache', server: 'web1', weight: 1.5 }], 'changes[0].weight'],
    ['weight as text', [{ kind: 'set-server-weight', backend: 'apache', server: 'web1', weight: '10' }], 'changes[0].weight'],
    ['unknown kind', [{ kind: 'drop-table', backend: 'apache' }], 'changes[0].kind'],
    [
      'a valid change followed by a bad one',
      [
        { kind: 'set-balance', backend: 'apache', balance: { algorithm: 'leastconn' } },
        { kind: 'set-server-weight', backend: 'apache', server: 'web1', weight: 999 },
      ],
      'changes[1].weight',
    ],
  ];

  it.each(cases)('%s', (_what, changes, field) => {
    const before = parseConfig(serverfault);
    let caught: unknown;
    try {
      applyChanges(before, changes as ConfigChange[]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidChangeError);
    expect((caught as InvalidChangeError).field).toBe(field);
    expect(renderConfig(before)).toBe(serverfault);
  });
});
