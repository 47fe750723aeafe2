// Validating parser for `balance` arguments. It accepts the HAProxy 2.6
// grammar (doc/configuration.txt, "balance") in its canonical spelling and
// rejects everything else, including forms HAProxy's own parser lets slip
// (`randomx`, `hdr(Host)junk`, trailing words after `leastconn`), because a
// change request that does not mean exactly one thing is a mistake. The one
// argument HAProxy evaluates, the `hash` sample expression, must pass the
// allowlist of sample-allowlist.ts (no file, path, Lua or environment).
import { BALANCE_ALGORITHMS, SIMPLE_ALGORITHMS, balanceWords } from './balance-setting';
import type { BalanceSetting, SimpleAlgorithm } from './balance-setting';
import { HTTP_NAME, URL_PARAM_NAME } from './argument-shapes';
import { InvalidChangeError } from './errors';
import { assertSafeWord, describeChar, printable } from './safe-text';
import { checkSampleExpression } from './sample-allowlist';

export interface BalanceSpec {
  /** `roundrobin`, `hdr(Host)`, or a bare `hdr` / `random` / `rdp-cookie` whose argument is args[0]. */
  readonly algorithm: string;
  readonly args?: readonly string[];
}

// An integer >= 1 that fits HAProxy's int (atoi / strtol).
const POSITIVE_INT = /^[1-9][0-9]{0,8}$/;
const NON_NEGATIVE_INT = /^(0|[1-9][0-9]{0,8})$/;
// Anything outside printable ASCII, or a character HAProxy would interpret.
const FORBIDDEN_IN_SPEC = /[\u0000-\u0008\u000a-\u001f\u007f-\uffff#'"`\\$]/;

const SIMPLE_SET: ReadonlySet<string> = new Set(SIMPLE_ALGORITHMS);
const ACCEPTED = BALANCE_ALGORITHMS.join(', ');

export function parseBalance(spec: string | BalanceSpec, field = 'balance'): BalanceSetting {
  if (typeof spec === 'string') return parseBalanceString(spec, field);
  if (spec === null || typeof spec !== 'object') throw new InvalidChangeError(field, 'must be a string or { algorithm, args }');
  const algorithm = assertSafeWord(spec.algorithm, `${field}.algorithm`);
  const rawArgs = spec.args ?? [];
  if (!Array.isArray(rawArgs)) throw new InvalidChangeError(`${field}.args`, 'must be an array of strings');
  const args = rawArgs.map((arg, i) => assertSafeWord(arg, `${field}.args[${i}]`));
  // Bare names of the parenthesised algorithms take their argument from args.
  if ((algorithm === 'hdr' || algorithm === 'rdp-cookie' || algorithm === 'random') && args.length > 0) {
    return parseWords(`${algorithm}(${args[0]})`, args.slice(1), field);
  }
  if (algorithm === 'hdr') throw new InvalidChangeError(`${field}.header`, 'hdr needs a header name');
  return parseWords(algorithm, args, field);
}

/** Re-checks a setting that arrived as data (API, stored rollout) before it is written anywhere. */
export function validateBalanceSetting(setting: BalanceSetting, field = 'balance'): BalanceSetting {
  if (setting === null || typeof setting !== 'object') throw new InvalidChangeError(field, 'must be an object');
  const algorithm = assertSafeWord(setting.algorithm, `${field}.algorithm`);
  if (!(BALANCE_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new InvalidChangeError(`${field}.algorithm`, `unknown algorithm '${printable(algorithm)}' (accepted: ${ACCEPTED})`);
  }
  checkFieldTypes(setting, field);
  // Each field becomes exactly one word, so any space or control character
  // in it is caught by the word check instead of shifting the grammar.
  const words = balanceWords(setting);
  words.forEach((word, i) => assertSafeWord(word, i === 0 ? `${field}.algorithm` : `${field}.args[${i - 1}]`));
  const parsed = parseWords(words[0], words.slice(1), field);
  if (formatBalance(parsed) !== words.join(' ')) {
    throw new InvalidChangeError(field, 'fields do not describe a single balance setting');
  }
  return parsed;
}

/** The text after `balance ` for a valid setting. */
export function formatBalance(setting: BalanceSetting): string {
  return balanceWords(setting).join(' ');
}

const FIELDS: Record<string, readonly string[]> = {
  uri: ['len', 'depth', 'whole', 'pathOnly'],
  url_param: ['param', 'checkPost', 'maxWait'],
  hdr: ['header', 'useDomainOnly'],
  random: ['draws'],
  'rdp-cookie': ['cookie'],
  hash: ['expression'],
};

function checkFieldTypes(setting: BalanceSetting, field: string): void {
  const record = setting as unknown as Record<string, unknown>;
  // An option the algorithm does not have is a mistake, not something to drop quietly.
  const allowed = FIELDS[setting.algorithm] ?? [];
  for (const key of Object.keys(record)) {
    if (key !== 'algorithm' && !allowed.includes(key) && record[key] !== undefined) {
      throw new InvalidChangeError(`${field}.${key}`, `is not an option of '${setting.algorithm}'`);
    }
  }
  const expect = (key: string, type: 'string' | 'number' | 'boolean', required: boolean) => {
    const value = record[key];
    if (value === undefined && !required) return;
    if (typeof value !== type) throw new InvalidChangeError(`${field}.${key}`, `must be a ${type}`);
    if (type === 'string') assertSafeWord(value, `${field}.${key}`);
    if (type === 'number' && !Number.isSafeInteger(value)) throw new InvalidChangeError(`${field}.${key}`, 'must be an integer');
  };
  switch (setting.algorithm) {
    case 'uri':
      expect('len', 'number', false);
      expect('depth', 'number', false);
      expect('whole', 'boolean', false);
      expect('pathOnly', 'boolean', false);
      break;
    case 'url_param':
      expect('param', 'string', true);
      expect('checkPost', 'boolean', false);
      expect('maxWait', 'number', false);
      if (setting.maxWait !== undefined && !setting.checkPost) {
        throw new InvalidChangeError(`${field}.maxWait`, 'only allowed together with checkPost');
      }
      break;
    case 'hdr':
      expect('header', 'string', true);
      expect('useDomainOnly', 'boolean', false);
      break;
    case 'random':
      expect('draws', 'number', false);
      break;
    case 'rdp-cookie':
      expect('cookie', 'string', false);
      break;
    case 'hash':
      expect('expression', 'string', true);
      break;
    default:
      break;
  }
}

function parseBalanceString(spec: string, field: string): BalanceSetting {
  const bad = FORBIDDEN_IN_SPEC.exec(spec);
  if (bad) throw new InvalidChangeError(field, `contains forbidden character ${describeChar(bad[0])}`);
  const words = spec.split(/[ \t]+/).filter((word) => word.length > 0);
  words.forEach((word) => assertSafeWord(word, field));
  if (words.length === 0) throw new InvalidChangeError(`${field}.algorithm`, `is empty (accepted: ${ACCEPTED})`);
  return parseWords(words[0], words.slice(1), field);
}

function parseWords(head: string, args: readonly string[], field: string): BalanceSetting {
  const match = /^([a-z_-]+)(?:\((.*)\))?$/.exec(head);
  if (!match) throw new InvalidChangeError(`${field}.algorithm`, `'${printable(head)}' is not an algorithm (accepted: ${ACCEPTED})`);
  const [, name, inner] = match;
  const noArgs = () => {
    if (args.length > 0) throw new InvalidChangeError(`${field}.args`, `'${name}' takes no further arguments (got '${printable(args[0])}')`);
  };
  const noParens = () => {
    if (inner !== undefined) throw new InvalidChangeError(`${field}.algorithm`, `'${name}' takes no parenthesised argument`);
  };

  if (SIMPLE_SET.has(name)) {
    noParens();
    noArgs();
    return { algorithm: name as SimpleAlgorithm };
  }
  switch (name) {
    case 'uri':
      noParens();
      return parseUri(args, field);
    case 'url_param':
      noParens();
      return parseUrlParam(args, field);
    case 'hdr': {
      if (inner === undefined || inner === '') throw new InvalidChangeError(`${field}.header`, 'hdr needs a header name: hdr(<name>)');
      if (!HTTP_NAME.test(inner)) throw new InvalidChangeError(`${field}.header`, `'${printable(inner)}' is not ${HTTP_NAME.description}`);
      if (args.length === 0) return { algorithm: 'hdr', header: inner };
      if (args.length === 1 && args[0] === 'use_domain_only') return { algorithm: 'hdr', header: inner, useDomainOnly: true };
      throw new InvalidChangeError(`${field}.args`, `hdr only accepts 'use_domain_only' (got '${printable(args.join(' '))}')`);
    }
    case 'random':
      noArgs();
      if (inner === undefined) return { algorithm: 'random' };
      if (!POSITIVE_INT.test(inner)) throw new InvalidChangeError(`${field}.draws`, `must be an integer >= 1 (got '${printable(inner)}')`);
      return { algorithm: 'random', draws: Number(inner) };
    case 'rdp-cookie':
      noArgs();
      if (inner === undefined) return { algorithm: 'rdp-cookie' };
      if (!HTTP_NAME.test(inner)) throw new InvalidChangeError(`${field}.cookie`, `'${printable(inner)}' is not ${HTTP_NAME.description}`);
      return { algorithm: 'rdp-cookie', cookie: inner };
    case 'hash': {
      noParens();
      if (args.length === 0) throw new InvalidChangeError(`${field}.expression`, 'hash needs a sample expression');
      if (args.length > 1) throw new InvalidChangeError(`${field}.args`, `hash takes one expression without spaces (got '${printable(args.join(' '))}')`);
      const expression = args[0];
      // The one place HAProxy evaluates text from a change: only allowed fetches and converters.
      checkSampleExpression(expression, `${field}.expression`);
      return { algorithm: 'hash', expression };
    }
    default:
      throw new InvalidChangeError(`${field}.algorithm`, `unknown algorithm '${printable(head)}' (accepted: ${ACCEPTED})`);
  }
}

function parseUri(args: readonly string[], field: string): BalanceSetting {
  let len: number | undefined;
  let depth: number | undefined;
  let whole = false;
  let pathOnly = false;
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const option = args[i];
    if (seen.has(option)) throw new InvalidChangeError(`${field}.args`, `uri option '${printable(option)}' given twice`);
    seen.add(option);
    if (option === 'len' || option === 'depth') {
      const value = args[i + 1];
      if (value === undefined || !POSITIVE_INT.test(value)) {
        throw new InvalidChangeError(`${field}.${option}`, `uri '${option}' expects a positive integer (got '${printable(value ?? '')}')`);
      }
      if (option === 'len') len = Number(value);
      else depth = Number(value);
      i++;
    } else if (option === 'whole') whole = true;
    else if (option === 'path-only') pathOnly = true;
    else throw new InvalidChangeError(`${field}.args`, `uri only accepts 'len', 'depth', 'whole' and 'path-only' (got '${printable(option)}')`);
  }
  return {
    algorithm: 'uri',
    ...(len !== undefined && { len }),
    ...(depth !== undefined && { depth }),
    ...(whole && { whole }),
    ...(pathOnly && { pathOnly }),
  };
}

function parseUrlParam(args: readonly string[], field: string): BalanceSetting {
  const [param, modifier, maxWait, ...rest] = args;
  if (param === undefined) throw new InvalidChangeError(`${field}.param`, 'url_param needs a parameter name');
  if (!URL_PARAM_NAME.test(param)) throw new InvalidChangeError(`${field}.param`, `'${printable(param)}' is not ${URL_PARAM_NAME.description}`);
  if (modifier === undefined) return { algorithm: 'url_param', param };
  if (modifier !== 'check_post') throw new InvalidChangeError(`${field}.args`, `url_param only accepts 'check_post' (got '${printable(modifier)}')`);
  if (maxWait === undefined) return { algorithm: 'url_param', param, checkPost: true };
  if (!NON_NEGATIVE_INT.test(maxWait)) throw new InvalidChangeError(`${field}.maxWait`, `must be a non-negative integer (got '${printable(maxWait)}')`);
  if (rest.length > 0) throw new InvalidChangeError(`${field}.args`, `unexpected '${printable(rest[0])}' after max_wait`);
  return { algorithm: 'url_param', param, checkPost: true, maxWait: Number(maxWait) };
}

