// The `balance` directive as data. One variant per HAProxy 2.6 algorithm;
// optional fields are the optional arguments HAProxy documents for it.

export const SIMPLE_ALGORITHMS = ['roundrobin', 'static-rr', 'leastconn', 'first', 'source'] as const;
export type SimpleAlgorithm = (typeof SIMPLE_ALGORITHMS)[number];

export const BALANCE_ALGORITHMS = [...SIMPLE_ALGORITHMS, 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie', 'hash'] as const;
export type BalanceAlgorithm = (typeof BALANCE_ALGORITHMS)[number];

export type BalanceSetting =
  | { readonly algorithm: SimpleAlgorithm }
  | {
      readonly algorithm: 'uri';
      /** Hash only this many leading characters of the URI (>= 1). */
      readonly len?: number;
      /** Hash at most this many directory levels (>= 1). */
      readonly depth?: number;
      /** Include the query string. */
      readonly whole?: boolean;
      /** Start at the first '/' of the path, ignoring the authority. */
      readonly pathOnly?: boolean;
    }
  | {
      readonly algorithm: 'url_param';
      readonly param: string;
      /** Also look for the parameter in a POST body. */
      readonly checkPost?: boolean;
      /** Accepted for compatibility; HAProxy 2.6 ignores it. Only valid with checkPost. */
      readonly maxWait?: number;
    }
  | { readonly algorithm: 'hdr'; readonly header: string; readonly useDomainOnly?: boolean }
  | { readonly algorithm: 'random'; /** Draws before picking the least loaded (>= 1; HAProxy's default is 2). */ readonly draws?: number }
  | { readonly algorithm: 'rdp-cookie'; /** Cookie name; HAProxy uses "mstshash" when omitted. */ readonly cookie?: string }
  | { readonly algorithm: 'hash'; /** A sample expression, e.g. `req.hdr(host),lower`. */ readonly expression: string };

/** HAProxy's behaviour when no `balance` is configured anywhere. */
export const HAPROXY_DEFAULT_BALANCE: BalanceSetting = Object.freeze({ algorithm: 'roundrobin' });

/** The words of a `balance` line after the keyword, for a setting assumed valid. */
export function balanceWords(setting: BalanceSetting): string[] {
  switch (setting.algorithm) {
    case 'uri': {
      const words = ['uri'];
      if (setting.len !== undefined) words.push('len', String(setting.len));
      if (setting.depth !== undefined) words.push('depth', String(setting.depth));
      if (setting.whole) words.push('whole');
      if (setting.pathOnly) words.push('path-only');
      return words;
    }
    case 'url_param': {
      const words = ['url_param', setting.param];
      if (setting.checkPost) words.push('check_post');
      if (setting.checkPost && setting.maxWait !== undefined) words.push(String(setting.maxWait));
      return words;
    }
    case 'hdr':
      return setting.useDomainOnly ? [`hdr(${setting.header})`, 'use_domain_only'] : [`hdr(${setting.header})`];
    case 'random':
      return [setting.draws === undefined ? 'random' : `random(${setting.draws})`];
    case 'rdp-cookie':
      return [setting.cookie === undefined ? 'rdp-cookie' : `rdp-cookie(${setting.cookie})`];
    case 'hash':
      return ['hash', setting.expression];
    default:
      return [setting.algorithm];
  }
}
