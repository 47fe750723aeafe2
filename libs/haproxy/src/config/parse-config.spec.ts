import { ConfigSyntaxError } from './errors';
import { loadFixture } from './fixtures/load-fixture';
import { parseConfig } from './parse-config';
import { renderConfig } from './render-config';
import { findSection } from './section-lookup';

const roundTrip = (text: string) => renderConfig(parseConfig(text));

describe('parseConfig / renderConfig round trip', () => {
  const debian = loadFixture('debian-default.cfg');
  const serverfault = loadFixture('serverfault-style.cfg');

  it.each([
    ['Debian default', debian],
    ['ServerFault-style', serverfault],
    ['Debian default with CRLF', debian.replace(/\n/g, '\r\n')],
    ['ServerFault-style with CRLF', serverfault.replace(/\n/g, '\r\n')],
    ['Debian default without trailing newline', debian.replace(/\n+$/, '')],
    ['ServerFault-style without trailing newline', serverfault.trimEnd()],
    ['mixed line endings', 'global\r\n  daemon\n\r\ndefaults\n  mode http\r\n'],
    ['empty text', ''],
    ['only newlines', '\n\n\n'],
    ['only comments', '# one\n   # two\n\t#three'],
    ['trailing whitespace and tabs', 'global \t\n\tdaemon\t \n\t\n'],
    ['a lone carriage return', 'global\r\n  daemon\r'],
    ['unknown directives and sections', 'global\n  frobnicate 1 2 3\npeers p\n  peer a 127.0.0.1:1\nring r\n  size 1\n'],
    ['quotes, escapes and hashes', 'global\n  log "/dev/log" local0 # c\n  setenv A "x # y"\n  presetenv B a\\ b\\#c\n'],
    ['conditional blocks before any section', '.if defined(X)\n.endif\n.notice "hi"\nglobal\n'],
    ['non-ASCII comments', 'global # ünïcode ✓\n  daemon\n'],
  ])('%s renders back byte for byte', (_name, text) => {
    expect(roundTrip(text)).toBe(text);
  });

  it('keeps arbitrary printable lines inside a section unchanged', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = ' \t#"\'\\abcxyz019:.,()[]-_\r';
    for (let round = 0; round < 200; round++) {
      const lines = ['backend b'];
      for (let n = next() % 8; n > 0; n--) {
        let line = '';
        for (let len = next() % 30; len > 0; len--) line += alphabet[next() % alphabet.length];
        lines.push(line);
      }
      const text = lines.join(next() % 2 ? '\n' : '\r\n') + (next() % 2 ? '\n' : '');
      expect(roundTrip(text)).toBe(text);
    }
  });
});

describe('parseConfig model', () => {
  it('finds the Debian sections and keeps comments and blanks as such', () => {
    const cfg = parseConfig(loadFixture('debian-default.cfg'));
    expect(cfg.sections.map((s) => s.type)).toEqual(['global', 'defaults']);
    const comment = cfg.lines.find((line) => line.text.includes('Default SSL material'));
    expect(comment?.kind).toBe('comment');
    expect(cfg.lines.some((line) => line.kind === 'blank')).toBe(true);
  });

  it('reads section names, `from` and line ranges', () => {
    const cfg = parseConfig('defaults base\n  mode http\nbackend api from base\n  server a 1.2.3.4:80\n\nfrontend www\n  bind :80\n');
    expect(cfg.sections.map(({ type, name, from, headerIndex, endIndex }) => ({ type, name, from, headerIndex, endIndex }))).toEqual([
      { type: 'defaults', name: 'base', from: undefined, headerIndex: 0, endIndex: 2 },
      { type: 'backend', name: 'api', from: 'base', headerIndex: 2, endIndex: 5 },
      { type: 'frontend', name: 'www', from: undefined, headerIndex: 5, endIndex: 7 },
    ]);
    expect(findSection(cfg, 'backend', 'api')?.headerIndex).toBe(2);
    expect(findSection(cfg, 'backend', 'nope')).toBeUndefined();
  });

  it('treats `defaults from x` as an unnamed defaults section', () => {
    const cfg = parseConfig('defaults base\ndefaults from base\n');
    expect(cfg.sections[1]).toMatchObject({ type: 'defaults', name: undefined, from: 'base' });
  });

  it('recognises indented section headers like HAProxy does', () => {
    const cfg = parseConfig('  global\n\tdaemon\n   backend b\n');
    expect(cfg.sections.map((s) => s.type)).toEqual(['global', 'backend']);
  });

  it('rejects a directive before any section, as HAProxy does', () => {
    expect(() => parseConfig('# header\n  maxconn 100\nglobal\n')).toThrow(ConfigSyntaxError);
    expect(() => parseConfig('  maxconn 100\n')).toThrow(/line 1: 'maxconn' appears before any section header/);
  });

  it('rejects a leading byte-order mark, as HAProxy 2.6 does', () => {
    expect(() => parseConfig('\ufeffglobal\n  daemon\n')).toThrow(ConfigSyntaxError);
  });

  it('returns a frozen model', () => {
    const cfg = parseConfig('global\n  daemon\n');
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.lines)).toBe(true);
    expect(Object.isFrozen(cfg.lines[0])).toBe(true);
  });
});
