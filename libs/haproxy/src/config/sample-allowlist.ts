// Which sample fetches and converters a change may put into haproxy.cfg (the
// `balance hash` expression), and the shape of each argument.
//
// The rule: nothing that opens a file, takes a path, runs Lua, reads the
// environment or process-wide state, writes state, or handles key material.
// HAProxy evaluates the expression while it parses the config (map files are
// loaded then, as whatever user runs the parse) and again on every request, so
// an operator token that could name `map_ip(/etc/shadow)` could read any file
// on every load balancer. Everything not listed here is refused; the names
// HAProxy 2.6 documents (doc/configuration.txt 7.3, `haproxy -dKsmp` and
// `-dKcnv`) were sorted into the families below. The integration test checks
// each allowed name against the running HAProxy's own keyword list.
//
// This is a policy on names and argument shapes, not on types: whether a
// converter can take its input (`ssl_fc,ipmask(8)`) stays HAProxy's call
// (`haproxy -c` says so, and the change is rejected without touching the host).
import {
  BYTE_COUNT,
  BYTE_OFFSET,
  DELIMITER,
  DELIMITERS,
  DN_ENTRY,
  FIELD_COUNT,
  FIELD_INDEX,
  HASH_SEED,
  HTTP_NAME,
  IPV4_MASK,
  IPV6_MASK,
  LITERAL,
  OCCURRENCE,
  REQUEST_VARIABLE,
  SHA2_BITS,
  URL_PARAM_NAME,
  ZERO_OR_ONE,
  orEmpty,
  type ArgumentShape,
} from './argument-shapes';
import { MAX_BALANCE_WORD_LENGTH } from './change-limits';
import { InvalidChangeError } from './errors';
import { printable } from './safe-text';
import { parseSampleExpression, type SampleCall, type SampleExpression } from './sample-expression';

interface Signature {
  /** Argument shapes in order. */
  readonly args: readonly ArgumentShape[];
  /** How many of them must be given; the rest are optional, trailing ones may be left out. */
  readonly required: number;
}

const none: Signature = { args: [], required: 0 };
const optional = (...args: ArgumentShape[]): Signature => ({ args, required: 0 });
const required = (count: number, ...args: ArgumentShape[]): Signature => ({ args, required: count });

const HEADER = optional(HTTP_NAME, OCCURRENCE);
const NAMED = optional(HTTP_NAME);
const URL_PARAM = optional(URL_PARAM_NAME, DELIMITER);

/** More converters than this is not a hash key anyone means. */
export const MAX_CONVERTERS = 16;

export const ALLOWED_FETCHES: Readonly<Record<string, Signature>> = {
  // Layer 4: the connection's addresses and ports, known for every request.
  src: none,
  dst: none,
  src_port: none,
  dst_port: none,
  // TLS facts of the client's handshake (no secrets, no key material: ssl_fc_*secret*,
  // ssl_fc_session_key and the randoms are refused below).
  ssl_fc: none,
  ssl_fc_sni: none,
  ssl_fc_has_sni: none,
  ssl_fc_protocol: none,
  ssl_c_used: none,
  ssl_c_serial: none,
  ssl_c_sha1: none,
  ssl_c_s_dn: optional(DN_ENTRY, OCCURRENCE),
  'req.ssl_sni': none,
  req_ssl_sni: none,
  // The HTTP request being balanced: its headers, cookies, URL and method.
  'req.hdr': HEADER,
  hdr: HEADER,
  'req.fhdr': HEADER,
  'req.hdr_ip': HEADER,
  hdr_ip: HEADER,
  'req.hdr_val': HEADER,
  hdr_val: HEADER,
  'req.hdr_cnt': NAMED,
  hdr_cnt: NAMED,
  'req.fhdr_cnt': NAMED,
  'req.cook': NAMED,
  cook: NAMED,
  cookie: NAMED,
  'req.cook_val': NAMED,
  cook_val: NAMED,
  'req.cook_cnt': NAMED,
  cook_cnt: NAMED,
  'req.rdp_cookie': NAMED,
  rdp_cookie: NAMED,
  url_param: URL_PARAM,
  urlp: URL_PARAM,
  urlp_val: URL_PARAM,
  path: none,
  pathq: none,
  query: none,
  base: none,
  baseq: none,
  base32: none,
  'base32+src': none,
  url: none,
  url32: none,
  'url32+src': none,
  url_ip: none,
  url_port: none,
  method: none,
  'req.ver': none,
  // A variable the configuration derived for this request (scopes sess/txn/req/res only).
  var: required(1, REQUEST_VARIABLE),
};

export const ALLOWED_CONVERTERS: Readonly<Record<string, Signature>> = {
  // Hashes: pure functions of their input, with an optional numeric seed.
  crc32: optional(HASH_SEED),
  crc32c: optional(HASH_SEED),
  djb2: optional(HASH_SEED),
  sdbm: optional(HASH_SEED),
  wt6: optional(HASH_SEED),
  xxh3: optional(HASH_SEED),
  xxh32: optional(HASH_SEED),
  xxh64: optional(HASH_SEED),
  sha1: none,
  sha2: optional(SHA2_BITS),
  // Reshaping the input: case, encodings, parts of it.
  lower: none,
  upper: none,
  length: none,
  hex: none,
  hex2i: none,
  base64: none,
  b64dec: none,
  ub64enc: none,
  ub64dec: none,
  url_dec: optional(ZERO_OR_ONE),
  host_only: none,
  port_only: none,
  cut_crlf: none,
  ipmask: required(1, IPV4_MASK, IPV6_MASK),
  field: required(2, FIELD_INDEX, DELIMITERS, FIELD_COUNT),
  word: required(2, FIELD_INDEX, DELIMITERS, FIELD_COUNT),
  bytes: required(1, BYTE_OFFSET, BYTE_COUNT),
  ltrim: required(1, DELIMITERS),
  rtrim: required(1, DELIMITERS),
  // concat([prefix],[variable],[suffix]): literals and a request-scoped variable only.
  concat: optional(orEmpty(LITERAL), orEmpty(REQUEST_VARIABLE), orEmpty(LITERAL)),
};

/** Why the families HAProxy has but this list leaves out are refused; checked in order, first match wins. */
const REFUSED: readonly [RegExp, string][] = [
  [/^map(_|$)/, 'it loads a map file'],
  [/^lua\./, 'it runs Lua code'],
  [/^env$/, 'it reads the process environment'],
  [/^(acl|51d\..*|da-csv-conv|jwt_.*)$/, 'it may load pattern, data or key files'],
  [/^(set-var|unset-var|capture-req|capture-res|sc\d?_(inc|clr)_.*|src_(inc|clr|updt)_.*)$/, 'it changes state'],
  [/^(sc\d?_.*|src_.*|table_.*|in_table)$/, 'it reads stick tables'],
  [/^ssl_.*(secret|session_key|random)/, 'it exposes TLS key material'],
  [/^(hmac|digest|aes_gcm_dec|secure_memcmp)$/, 'it takes key material from variables'],
  [/^http_auth/, 'it checks credentials against a userlist'],
  [/^(str|bin|int|bool|ipv4|ipv6|meth|always_true|always_false)$/, 'it is a constant: every request would hash alike'],
  [/^(regsub|ltime|utime|http_date|debug|json_query)$/, 'it takes a pattern or format this list does not check'],
];

function refusal(kind: 'fetch' | 'converter', name: string): string {
  const reason = REFUSED.find(([re]) => re.test(name))?.[1];
  const list = Object.keys(kind === 'fetch' ? ALLOWED_FETCHES : ALLOWED_CONVERTERS).join(', ');
  return reason
    ? `${kind} '${printable(name)}' is not allowed: ${reason}`
    : `${kind} '${printable(name)}' is not an allowed ${kind} (allowed: ${list})`;
}

function checkCall(call: SampleCall, kind: 'fetch' | 'converter', field: string): void {
  const table = kind === 'fetch' ? ALLOWED_FETCHES : ALLOWED_CONVERTERS;
  const signature = Object.prototype.hasOwnProperty.call(table, call.name) ? table[call.name] : undefined;
  if (!signature) throw new InvalidChangeError(field, refusal(kind, call.name));
  const args = call.args ?? [];
  if (args.length < signature.required) {
    throw new InvalidChangeError(field, `${kind} '${call.name}' needs ${signature.required} argument(s): ${signature.args.slice(0, signature.required).map((a) => a.description).join(', ')}`);
  }
  if (args.length > signature.args.length) {
    throw new InvalidChangeError(field, `${kind} '${call.name}' takes at most ${signature.args.length} argument(s) (got ${args.length})`);
  }
  args.forEach((value, i) => {
    const shape = signature.args[i];
    if (!shape.test(value)) {
      throw new InvalidChangeError(field, `argument ${i + 1} of ${kind} '${call.name}' must be ${shape.description} (got '${printable(value)}')`);
    }
  });
}

/** Parses and checks a `balance hash` expression; throws InvalidChangeError naming `field` unless every part is allowed. */
export function checkSampleExpression(text: string, field: string): SampleExpression {
  if (text.length > MAX_BALANCE_WORD_LENGTH) throw new InvalidChangeError(field, `is longer than ${MAX_BALANCE_WORD_LENGTH} characters`);
  const expression = parseSampleExpression(text, field);
  if (expression.converters.length > MAX_CONVERTERS) throw new InvalidChangeError(field, `chains more than ${MAX_CONVERTERS} converters`);
  checkCall(expression.fetch, 'fetch', field);
  for (const converter of expression.converters) checkCall(converter, 'converter', field);
  return expression;
}
