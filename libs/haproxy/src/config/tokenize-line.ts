// Splits one configuration line into words the way HAProxy's line parser
// does (spaces/tabs separate words, quotes group, backslash escapes, an
// unquoted '#' ends the line), while remembering where each word sits in the
// raw text so that an edit can replace exactly one word and nothing else.

export interface Word {
  /** The word after quote removal and escape decoding. */
  readonly value: string;
  /** Offset of the word's first raw character in the line. */
  readonly start: number;
  /** Offset just past the word's last raw character. */
  readonly end: number;
}

export interface TokenizedLine {
  readonly words: readonly Word[];
  /** Offset of the unquoted '#' that starts a comment, or -1. */
  readonly commentStart: number;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', ' ': ' ', '#': '#', '\\': '\\', "'": "'", '"': '"' };

export function tokenizeLine(text: string): TokenizedLine {
  const words: Word[] = [];
  let i = 0;
  let commentStart = -1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      commentStart = i;
      break;
    }
    const start = i;
    let value = '';
    let quote: '' | "'" | '"' = '';
    while (i < text.length) {
      const c = text[i];
      if (quote === '' && (c === ' ' || c === '\t' || c === '\r')) break;
      // HAProxy stops at '#' even in the middle of a word ("roundrobin#x").
      if (quote === '' && c === '#') break;
      if (c === quote) {
        quote = '';
        i++;
        continue;
      }
      if (quote === '' && (c === "'" || c === '"')) {
        quote = c;
        i++;
        continue;
      }
      // Single quotes are fully literal; elsewhere a backslash escapes.
      if (c === '\\' && quote !== "'" && i + 1 < text.length) {
        const next = text[i + 1];
        const hex = next === 'x' ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2)) : null;
        if (hex) {
          value += String.fromCharCode(parseInt(hex[0], 16));
          i += 4;
        } else {
          value += SIMPLE_ESCAPES[next] ?? next;
          i += 2;
        }
        continue;
      }
      value += c;
      i++;
    }
    words.push({ value, start, end: i });
    if (i < text.length && text[i] === '#' && quote === '') {
      commentStart = i;
      break;
    }
  }
  return { words, commentStart };
}
