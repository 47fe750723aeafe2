import type { BalanceSetting } from './balance-setting';
import { MAX_BALANCE_WORD_LENGTH } from './change-limits';
import { InvalidChangeError } from './errors';
import { ALLOWED_BUT_ILL_TYPED, ALLOWED_SAMPLE_EXPRESSIONS } from './fixtures/sample-expressions';
import { parseBalance, validateBalanceSetting } from './parse-balance';
import { checkSampleExpression, MAX_CONVERTERS } from './sample-allowlist';

function refusal(run: () => unknown): InvalidChangeError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidChangeError) return error;
    throw error;
  }
  throw new Error('expected an InvalidChangeError, but the call succeeded');
}

/** Attempts to make HAProxy open a file, run code, or read what a change must not reach, with what the refusal must say. */
const ATTACKS: [string, RegExp][] = [
  ['src,map_ip(/etc/shadow)', /converter 'map_ip' is not allowed: it loads a map file/],
  ['map(/dev/urandom)', /fetch 'map' is not allowed: it loads a map file/],
  ['req.hdr(host),map(/etc/passwd)', /converter 'map' is not allowed: it loads a map file/],
  ['req.hdr(host),map_str(/etc/passwd)', /'map_str' is not allowed: it loads a map file/],
  ['src,map_str(/root/.ssh/id_rsa,x)', /'map_str' is not allowed/],
  ['req.hdr(host),map_beg(/etc/passwd)', /'map_beg' is not allowed/],
  ['src,map_ip_int(/proc/self/environ,1)', /'map_ip_int' is not allowed/],
  ['src,map_reg(/etc/shadow)', /'map_reg' is not allowed/],
  ['lua.anything', /fetch 'lua.anything' is not allowed: it runs Lua code/],
  ['src,lua.exfiltrate', /converter 'lua.exfiltrate' is not allowed: it runs Lua code/],
  ['env(HOME)', /fetch 'env' is not allowed: it reads the process environment/],
  ['src,env(HOME)', /converter 'env' is not allowed/],
  ['var(proc.secret)', /argument 1 of fetch 'var' must be a variable of scope sess, txn, req or res/],
  ['src,concat(,proc.secret,)', /argument 2 of converter 'concat'/],
  ['acl(trusted)', /fetch 'acl' is not allowed: it may load pattern, data or key files/],
  ['src,jwt_verify(RS256,/etc/ssl/private/key.pem)', /'jwt_verify' is not allowed/],
  ['str(x)', /fetch 'str' is not allowed: it is a constant/],
  ['bin(2f6574632f736861646f77)', /fetch 'bin' is not allowed/],
  ['src,set-var(txn.x)', /converter 'set-var' is not allowed: it changes state/],
  ['src,debug', /converter 'debug' is not allowed/],
  ['sc0_inc_gpc0', /fetch 'sc0_inc_gpc0' is not allowed: it changes state/],
  ['src_conn_cnt(t)', /it reads stick tables/],
  ['src,in_table(t)', /converter 'in_table' is not allowed: it reads stick tables/],
  ['ssl_fc_session_key', /it exposes TLS key material/],
  ['ssl_fc_client_random', /it exposes TLS key material/],
  ['src,hmac(sha256,txn.key)', /it takes key material from variables/],
  ['http_auth_user', /userlist/],
  ['req.hdr(host),regsub(.*,x)', /converter 'regsub' is not allowed/],
  ['src,ltime(%Y)', /converter 'ltime' is not allowed/],
  ['req.hdr(%[env(HOME)])', /nests parentheses/],
  ['req.hdr(%25)', /argument 1 of fetch 'req.hdr' must be a header or cookie name/],
  ['path,field(1,/etc/passwd)', /argument 2 of converter 'field' must be separator characters/],
  ['path,field(1,/proc/self/environ)', /must be separator characters/],
  ['url_param(../../etc/passwd)', /argument 1 of fetch 'url_param' must be a URL parameter name/],
  ['-f', /is not a fetch or converter call/],
  ['nosuchfetch', /fetch 'nosuchfetch' is not an allowed fetch \(allowed: src, dst/],
  ['src,nosuchconverter', /converter 'nosuchconverter' is not an allowed converter/],
  ['src,src', /converter 'src' is not an allowed converter/],
  ['lower', /fetch 'lower' is not an allowed fetch/],
];

/** Malformed or out-of-shape expressions. */
const MALFORMED: [string, RegExp][] = [
  ['', /is empty/],
  ['src,', /'' is not a fetch or converter call/],
  ['src,,lower', /'' is not a fetch or converter call/],
  [',src', /'' is not a fetch or converter call/],
  ['SRC', /'SRC' is not a fetch or converter call/],
  ['src;lower', /is not a fetch or converter call/],
  ['req.hdr(host', /leaves a parenthesis open/],
  ['req.hdr)host(', /closes a parenthesis it never opened/],
  ['req.hdr(a(b))', /nests parentheses/],
  ['req.hdr()', /empty parentheses/],
  ['req.hdr(host)x', /is not a fetch or converter call/],
  ['req.hdr(host,x)', /argument 2 of fetch 'req.hdr' must be an occurrence number/],
  ['req.hdr(host,1,2)', /takes at most 2 argument/],
  ['src,lower(1)', /converter 'lower' takes at most 0 argument/],
  ['src,ipmask', /converter 'ipmask' needs 1 argument/],
  ['src,ipmask(99)', /must be an IPv4 mask/],
  ['src,ipmask(24,129)', /must be an IPv6 prefix length/],
  ['src,ipmask(256.0.0.0)', /must be an IPv4 mask/],
  ['src,crc32(-1)', /must be a hash seed/],
  ['src,crc32(4294967296)', /must be a hash seed/],
  ['src,sha2(128)', /must be a SHA-2 size/],
  ['path,field(1)', /converter 'field' needs 2 argument/],
  ['path,field(x,/)', /must be a field position/],
  ['var(txn)', /must be a variable of scope/],
  ['var', /fetch 'var' needs 1 argument/],
  ['src,concat(a b)', /must be a literal/],
  [`src${',lower'.repeat(MAX_CONVERTERS + 1)}`, /chains more than 16 converters/],
  [`req.hdr(${'x'.repeat(MAX_BALANCE_WORD_LENGTH)})`, /is longer than 256 characters/],
  [`req.hdr(${'x'.repeat(129)})`, /must be a header or cookie name/],
];


describe('sample expressions a change may put into haproxy.cfg', () => {
  it.each(ATTACKS)('refuses %s', (expression, message) => {
    const error = refusal(() => checkSampleExpression(expression, 'balance.expression'));
    expect(error.field).toBe('balance.expression');
    expect(error.message).toMatch(message);
  });

  it.each(MALFORMED)('refuses the malformed %s', (expression, message) => {
    const error = refusal(() => checkSampleExpression(expression, 'balance.expression'));
    expect(error.field).toBe('balance.expression');
    expect(error.message).toMatch(message);
  });

  it.each([...ALLOWED_SAMPLE_EXPRESSIONS, ALLOWED_BUT_ILL_TYPED])('accepts %s', (expression) => {
    expect(() => checkSampleExpression(expression, 'balance.expression')).not.toThrow();
  });

  it('splits an expression into its fetch and converters with their arguments', () => {
    expect(checkSampleExpression('req.hdr_ip(x-forwarded-for,-1),ipmask(24),crc32', 'e')).toEqual({
      fetch: { name: 'req.hdr_ip', args: ['x-forwarded-for', '-1'] },
      converters: [{ name: 'ipmask', args: ['24'] }, { name: 'crc32' }],
    });
  });

  it('does not take inherited object keys for allowed names', () => {
    expect(refusal(() => checkSampleExpression('constructor', 'e')).message).toMatch(/fetch 'constructor' is not an allowed fetch/);
    expect(refusal(() => checkSampleExpression('src,tostring', 'e')).message).toMatch(/converter 'tostring' is not an allowed converter/);
  });
});

describe('every way a balance setting arrives runs the same check', () => {
  const attack = 'src,map_ip(/etc/shadow)';

  it('refuses the text form, the {algorithm, args} form and a stored setting, naming balance.expression', () => {
    expect(refusal(() => parseBalance(`hash ${attack}`)).field).toBe('balance.expression');
    expect(refusal(() => parseBalance({ algorithm: 'hash', args: [attack] })).field).toBe('balance.expression');
    const stored: BalanceSetting = { algorithm: 'hash', expression: attack };
    expect(refusal(() => validateBalanceSetting(stored)).field).toBe('balance.expression');
  });

  it('refuses environment expansion and quoting before the expression is even parsed', () => {
    expect(refusal(() => parseBalance('hash req.hdr(${HOME})')).message).toMatch(/forbidden character '\$'/);
    expect(refusal(() => parseBalance('hash str("x")')).message).toMatch(/forbidden character '"'/);
    expect(refusal(() => parseBalance({ algorithm: 'hash', args: ['str("/etc/passwd")'] })).message).toMatch(/forbidden character '"'/);
  });

  it('checks header, cookie and URL parameter names by shape', () => {
    expect(refusal(() => parseBalance('hdr(%[env(HOME)])')).field).toBe('balance.header');
    expect(refusal(() => parseBalance('rdp-cookie(a/b)')).field).toBe('balance.cookie');
    expect(refusal(() => parseBalance('url_param %[env(HOME)]')).field).toBe('balance.param');
    expect(refusal(() => parseBalance('url_param ../etc')).field).toBe('balance.param');
    expect(parseBalance('url_param a%5B%5D')).toEqual({ algorithm: 'url_param', param: 'a%5B%5D' });
  });
});
