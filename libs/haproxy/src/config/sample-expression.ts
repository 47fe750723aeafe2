// The syntax of a sample expression as a `balance hash` line carries it:
// `fetch(args),converter(args),...`, one word. This is a strict subset of
// what HAProxy's sample_parse() reads: no quotes, no escapes, no spaces, no
// nested parentheses. Whether the names and arguments are allowed is
// sample-allowlist's decision; this only splits the text into calls.
import { InvalidChangeError } from './errors';
import { printable } from './safe-text';

export interface SampleCall {
  readonly name: string;
  /** Undefined without parentheses; `[]` is never produced (`name()` is refused). */
  readonly args?: readonly string[];
}

export interface SampleExpression {
  readonly fetch: SampleCall;
  readonly converters: readonly SampleCall[];
}

// HAProxy's fetch and converter keywords: lower-case words with '.', '_', '-' and '+' (base32+src).
const CALL = /^([a-z0-9][a-z0-9_.+-]*)(?:\(([^()]*)\))?$/;

/** Splits on the commas outside parentheses; refuses unbalanced or nested parentheses. */
function topLevelParts(text: string, field: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') {
      if (++depth > 1) throw new InvalidChangeError(field, `'${printable(text)}' nests parentheses, which no allowed fetch or converter takes`);
    } else if (ch === ')') {
      if (--depth < 0) throw new InvalidChangeError(field, `'${printable(text)}' closes a parenthesis it never opened`);
    } else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new InvalidChangeError(field, `'${printable(text)}' leaves a parenthesis open`);
  parts.push(text.slice(start));
  return parts;
}

function parseCall(part: string, field: string): SampleCall {
  const match = CALL.exec(part);
  if (!match) throw new InvalidChangeError(field, `'${printable(part)}' is not a fetch or converter call (name or name(arg,...))`);
  const [, name, inner] = match;
  if (inner === undefined) return { name };
  if (inner === '') throw new InvalidChangeError(field, `'${name}()' has empty parentheses: leave them out, or give the arguments`);
  return { name, args: inner.split(',') };
}

export function parseSampleExpression(text: string, field: string): SampleExpression {
  if (text.length === 0) throw new InvalidChangeError(field, 'is empty');
  const [fetch, ...converters] = topLevelParts(text, field).map((part) => parseCall(part, field));
  return { fetch, converters };
}

