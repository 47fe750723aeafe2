// The shapes a user-supplied argument of a `balance` line may have: header and
// cookie names, URL parameter names, numbers, masks, delimiters. Each is a
// whole-string pattern, so a value either is exactly such a thing or is
// refused; none admits a quote, a space, `$`, `%[`, `{` or a path.
import { MAX_NAME_LENGTH } from './change-limits';

export interface ArgumentShape {
  /** What the argument must be, for error messages: "a header name". */
  readonly description: string;
  test(value: string): boolean;
}

function pattern(description: string, re: RegExp, maxLength = MAX_NAME_LENGTH): ArgumentShape {
  return { description, test: (value) => value.length <= maxLength && re.test(value) };
}

function integer(description: string, min: number, max: number): ArgumentShape {
  return {
    description: `${description} (${min} to ${max})`,
    test: (value) => /^-?(0|[1-9][0-9]{0,9})$/.test(value) && Number(value) >= min && Number(value) <= max,
  };
}

/** HTTP header and cookie names: RFC 7230 token characters minus '#', '$', quotes, backtick and '%'. */
export const HTTP_NAME = pattern('a header or cookie name', /^[A-Za-z0-9!&*+.^_|~-]+$/);

/** URL parameter names as they appear in query strings; '%' only as a %XX escape. */
export const URL_PARAM_NAME = pattern('a URL parameter name', /^(?:[A-Za-z0-9!&*+.^_|~:[\]-]|%[0-9A-Fa-f]{2})+$/);

/** Which occurrence of a header: 1 is the first, -1 the last. */
export const OCCURRENCE = integer('an occurrence number', -1000, 1000);

/** Seed of a hash converter: an unsigned 32-bit number. */
export const HASH_SEED = integer('a hash seed', 0, 4_294_967_295);

/** IPv4 mask as a prefix length or a dotted quad. */
export const IPV4_MASK: ArgumentShape = {
  description: 'an IPv4 mask (0 to 32, or a dotted quad)',
  test: (value) => (/^(0|[1-9][0-9]?)$/.test(value) && Number(value) <= 32) || /^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$/.test(value),
};

export const IPV6_MASK = integer('an IPv6 prefix length', 0, 128);

/** Field and word positions: counted from the start, or from the end when negative. */
export const FIELD_INDEX = integer('a field position', -1000, 1000);

export const FIELD_COUNT = integer('a number of fields', 0, 1000);

/**
 * Separator characters for field/word/ltrim/rtrim/url_param. '/' is allowed
 * here because `path,field(2,/)` is the common case; a separator is a set of
 * characters, never opened as a file.
 */
export const DELIMITERS = pattern('separator characters', /^[-./:;_|&=@+~!*^?]+$/, 16);

export const DELIMITER = pattern('one separator character', /^[-./:;_|&=@+~!*^?]$/);

export const BYTE_OFFSET = integer('a byte offset', 0, 65_535);

export const BYTE_COUNT = integer('a byte count', 0, 65_535);

export const SHA2_BITS: ArgumentShape = { description: 'a SHA-2 size (224, 256, 384 or 512)', test: (value) => ['224', '256', '384', '512'].includes(value) };

export const ZERO_OR_ONE: ArgumentShape = { description: '0 or 1', test: (value) => value === '0' || value === '1' };

/** A distinguished-name entry: an attribute name (CN) or an OID (2.5.4.3). */
export const DN_ENTRY = pattern('a DN attribute (CN, O, or an OID)', /^(?:[A-Za-z][A-Za-z0-9]*|[0-9]+(?:\.[0-9]+)+)$/, 64);

/**
 * Variables of one request's own scopes. `proc.` variables are left out: they
 * are process-wide and hold whatever the configuration set at start-up, env()
 * included, which a change must not be able to reach.
 */
export const REQUEST_VARIABLE = pattern('a variable of scope sess, txn, req or res (e.g. txn.user)', /^(?:sess|txn|req|res)\.[A-Za-z0-9_.]+$/);

/** A short literal for concat's prefix or suffix. */
export const LITERAL = pattern('a literal of letters, digits, ".", "_", ":" or "-"', /^[A-Za-z0-9._:-]+$/, 64);

/** `shape`, or the empty string for an argument left out in the middle (`concat(,txn.x,)`). */
export function orEmpty(shape: ArgumentShape): ArgumentShape {
  return { description: `${shape.description}, or nothing`, test: (value) => value === '' || shape.test(value) };
}
