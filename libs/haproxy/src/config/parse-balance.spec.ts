import type { BalanceSetting } from './balance-setting';
import { VALID_BALANCE_CASES } from './fixtures/balance-cases';
import { InvalidChangeError } from './errors';
import { formatBalance, parseBalance, validateBalanceSetting } from './parse-balance';

/** Text that must never reach a config file, with the field the error must name. */
const REJECTED: [string, string, string][] = [
  ['empty', '', 'balance.algorithm'],
  ['only spaces', '   ', 'balance.algorithm'],
  ['a newline injecting a server', 'leastconn\n    server evil 1.2.3.4:80', 'balance'],
  ['a CRLF injection', 'leastconn\r\nserver evil 1.2.3.4:80', 'balance'],
  ['a comment', 'roundrobin # x', 'balance'],
  ['a hash glued to the word', 'roundrobin#x', 'balance'],
  ['a newline inside hdr()', 'hdr(Host\nx)', 'balance'],
  ['a negative uri len', 'uri len -1', 'balance.len'],
  ['a zero uri len', 'uri len 0', 'balance.len'],
  ['uri len without value', 'uri len', 'balance.len'],
  ['uri depth not a number', 'uri depth two', 'balance.depth'],
  ['uri unknown option', 'uri half', 'balance.args'],
  ['uri option twice', 'uri len 5 len 6', 'balance.args'],
  ['zero random draws', 'random(0)', 'balance.draws'],
  ['negative random draws', 'random(-2)', 'balance.draws'],
  ['empty random parens', 'random()', 'balance.draws'],
  ['hex random draws', 'random(0x2)', 'balance.draws'],
  ['junk glued to random', 'randomx', 'balance.algorithm'],
  ['empty hdr', 'hdr()', 'balance.header'],
  ['hdr without parens', 'hdr', 'balance.header'],
  ['junk after hdr()', 'hdr(Host)x', 'balance.algorithm'],
  ['hdr with a bad modifier', 'hdr(Host) use_domain', 'balance.args'],
  ['hdr name with a space', 'hdr(X Y)', 'balance.algorithm'],
  ['empty rdp-cookie name', 'rdp-cookie()', 'balance.cookie'],
  ['url_param without a name', 'url_param', 'balance.param'],
  ['url_param bad modifier', 'url_param id post', 'balance.args'],
  ['url_param bad max_wait', 'url_param id check_post -5', 'balance.maxWait'],
  ['url_param extra words', 'url_param id check_post 64 more', 'balance.args'],
  ['hash without expression', 'hash', 'balance.expression'],
  ['hash with two words', 'hash src foo', 'balance.args'],
  ['hash with unbalanced parens', 'hash req.hdr(host', 'balance.expression'],
  ['trailing word after leastconn', 'leastconn extra', 'balance.args'],
  ['arguments to roundrobin', 'roundrobin(1)', 'balance.algorithm'],
  ['unknown algorithm', 'fastest', 'balance.algorithm'],
  ['upper case', 'LeastConn', 'balance.algorithm'],
  ['a quote', 'hdr("Host")', 'balance'],
  ['a single quote', "url_param 'a b'", 'balance'],
  ['a backslash', 'url_param a\\ b', 'balance'],
  ['an environment variable', 'url_param ${EVIL}', 'balance'],
  ['a NUL byte', 'leastconn\u0000', 'balance'],
  ['a form feed', 'leastconn\u000c', 'balance'],
  ['a unicode line separator', 'leastconn\u2028server', 'balance'],
];

function expectRejected(run: () => unknown, field: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidChangeError);
  expect((caught as InvalidChangeError).field).toBe(field);
  expect((caught as InvalidChangeError).message.startsWith(`${field}: `)).toBe(true);
}

describe('parseBalance', () => {
  it.each(VALID_BALANCE_CASES)('accepts %j', (text, setting) => {
    expect(parseBalance(text)).toEqual(setting);
    expect(formatBalance(setting)).toBe(text);
    expect(validateBalanceSetting(setting)).toEqual(setting);
  });

  it('normalises spacing and option order', () => {
    expect(parseBalance('  uri\tpath-only   whole depth 2 ')).toEqual({ algorithm: 'uri', depth: 2, whole: true, pathOnly: true });
    expect(formatBalance(parseBalance('uri whole len 3'))).toBe('uri len 3 whole');
  });

  it.each(REJECTED)('rejects %s', (_what, text, field) => {
    expectRejected(() => parseBalance(text), field);
  });

  it('accepts the structured { algorithm, args } form', () => {
    expect(parseBalance({ algorithm: 'leastconn' })).toEqual({ algorithm: 'leastconn' });
    expect(parseBalance({ algorithm: 'uri', args: ['len', '8'] })).toEqual({ algorithm: 'uri', len: 8 });
    expect(parseBalance({ algorithm: 'hdr', args: ['Host', 'use_domain_only'] })).toEqual({ algorithm: 'hdr', header: 'Host', useDomainOnly: true });
    expect(parseBalance({ algorithm: 'hdr(Host)', args: [] })).toEqual({ algorithm: 'hdr', header: 'Host' });
    expect(parseBalance({ algorithm: 'random', args: ['3'] })).toEqual({ algorithm: 'random', draws: 3 });
    expect(parseBalance({ algorithm: 'rdp-cookie', args: ['sess'] })).toEqual({ algorithm: 'rdp-cookie', cookie: 'sess' });
    expect(parseBalance({ algorithm: 'hash', args: ['src'] })).toEqual({ algorithm: 'hash', expression: 'src' });
  });

  it('rejects whitespace or injection inside a single structured argument', () => {
    expectRejected(() => parseBalance({ algorithm: 'url_param', args: ['a check_post'] }), 'balance.args[0]');
    expectRejected(() => parseBalance({ algorithm: 'leastconn\nserver evil 1.2.3.4:80' }), 'balance.algorithm');
    expectRejected(() => parseBalance({ algorithm: 'hash', args: ['src # x'] }), 'balance.args[0]');
    expectRejected(() => parseBalance({ algorithm: 'hdr', args: ['Host)\nserver'] }), 'balance.args[0]');
    expectRejected(() => parseBalance({ algorithm: 'hdr' }), 'balance.header');
    expectRejected(() => parseBalance({ algorithm: '' }), 'balance.algorithm');
  });

  it('uses the caller-supplied field prefix', () => {
    expectRejected(() => parseBalance('random(0)', 'changes[2].balance'), 'changes[2].balance.draws');
  });
});

describe('validateBalanceSetting', () => {
  const bad: [string, unknown, string][] = [
    ['unknown algorithm', { algorithm: 'fastest' }, 'balance.algorithm'],
    ['newline in algorithm', { algorithm: 'leastconn\nserver x 1.1.1.1:1' }, 'balance.algorithm'],
    ['space in url_param name', { algorithm: 'url_param', param: 'a check_post' }, 'balance.param'],
    ['newline in header', { algorithm: 'hdr', header: 'Host\nserver evil 1.2.3.4:80' }, 'balance.header'],
    ['paren in header', { algorithm: 'hdr', header: 'Host)x' }, 'balance.header'],
    ['fractional len', { algorithm: 'uri', len: 1.5 }, 'balance.len'],
    ['negative len', { algorithm: 'uri', len: -1 }, 'balance.len'],
    ['zero draws', { algorithm: 'random', draws: 0 }, 'balance.draws'],
    ['string draws', { algorithm: 'random', draws: '2' }, 'balance.draws'],
    ['missing hash expression', { algorithm: 'hash' }, 'balance.expression'],
    ['comment in hash expression', { algorithm: 'hash', expression: 'src#x' }, 'balance.expression'],
    ['maxWait without checkPost', { algorithm: 'url_param', param: 'id', maxWait: 5 }, 'balance.maxWait'],
    ['not an object', 'leastconn', 'balance'],
    ['an option the algorithm lacks', { algorithm: 'leastconn', len: 5 }, 'balance.len'],
    ['a uri option on hdr', { algorithm: 'hdr', header: 'Host', whole: true }, 'balance.whole'],
    ['a non-ASCII header', { algorithm: 'hdr', header: 'Hóst' }, 'balance.header'],
    ['a line separator in a url_param name', { algorithm: 'url_param', param: 'a\u2028server' }, 'balance.param'],
  ];
  it.each(bad)('rejects %s', (_what, setting, field) => {
    expectRejected(() => validateBalanceSetting(setting as BalanceSetting), field);
  });
});
