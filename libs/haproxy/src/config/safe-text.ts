// Character rules for anything a user can put into the config. The goal is
// that user text can never leave the word it was meant for: no line breaks,
// no comment start, no quotes or backslashes that HAProxy would interpret,
// no control characters, and (within one argument) no spaces.
import { MAX_BALANCE_WORD_LENGTH, MAX_NAME_LENGTH } from './change-limits';
import { InvalidChangeError } from './errors';

/** Proxy and server names: HAProxy's identifier alphabet. */
export const IDENTIFIER = /^[A-Za-z0-9_.:-]+$/;

// Control characters (incl. newline and tab), space, '#', quotes, backslash,
// '$' (environment expansion), DEL and everything beyond ASCII (NEL, U+2028
// and friends are line breaks to some tools).
const FORBIDDEN = /[\u0000-\u0020#'"`\\$\u007f-\uffff]/;

export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && code < 0x7f ? `'${ch}' (${hex})` : hex;
}

/** Throws unless `value` is one non-empty word made of harmless characters. */
export function assertSafeWord(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidChangeError(field, `must be a string, got ${typeof value}`);
  if (value.length === 0) throw new InvalidChangeError(field, 'must not be empty');
  if (value.length > MAX_BALANCE_WORD_LENGTH) throw new InvalidChangeError(field, `is longer than ${MAX_BALANCE_WORD_LENGTH} characters`);
  const bad = FORBIDDEN.exec(value);
  if (bad) throw new InvalidChangeError(field, `contains forbidden character ${describeChar(bad[0])}`);
  return value;
}

export function assertIdentifier(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidChangeError(field, 'must be a non-empty name');
  if (value.length > MAX_NAME_LENGTH) throw new InvalidChangeError(field, `is longer than ${MAX_NAME_LENGTH} characters`);
  if (!IDENTIFIER.test(value)) {
    throw new InvalidChangeError(field, `'${printable(value)}' is not a valid HAProxy name (allowed: letters, digits, '_', '.', ':', '-')`);
  }
  return value;
}

/** Makes user text safe to echo back inside an error message. */
export function printable(value: string): string {
  const escaped = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return escaped.slice(1, -1);
}
