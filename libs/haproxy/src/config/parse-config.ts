// Text -> model. Lenient like HAProxy: unknown directives, odd spacing, tabs,
// CRLF and conditional blocks (.if/.endif) are kept as they are. The only hard
// error is a directive before any section, which HAProxy refuses too.
import { ConfigSyntaxError } from './errors';
import { SECTION_KEYWORDS } from './config-model';
import type { ConfigLine, ConfigSection, HaproxyConfig, LineEnding, LineKind, SectionType } from './config-model';
import { tokenizeLine } from './tokenize-line';

const SECTION_SET: ReadonlySet<string> = new Set(SECTION_KEYWORDS);

export function isSectionKeyword(word: string): word is SectionType {
  return SECTION_SET.has(word);
}

/** Splits text into lines, each with its own ending, so that joining them is lossless. */
export function splitLines(text: string): { text: string; eol: LineEnding }[] {
  const out: { text: string; eol: LineEnding }[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) {
      out.push({ text: text.slice(pos), eol: '' });
      break;
    }
    const crlf = nl > pos && text[nl - 1] === '\r';
    out.push({ text: text.slice(pos, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    pos = nl + 1;
  }
  return out;
}

export function parseLine(index: number, text: string, eol: LineEnding): ConfigLine {
  const { words, commentStart } = tokenizeLine(text);
  let kind: LineKind;
  if (words.length > 0) kind = isSectionKeyword(words[0].value) ? 'section-header' : 'directive';
  else kind = commentStart >= 0 ? 'comment' : 'blank';
  return Object.freeze({ index, text, eol, kind, words: Object.freeze([...words]), commentStart });
}

export function parseConfig(text: string): HaproxyConfig {
  const lines = splitLines(text).map((raw, index) => parseLine(index, raw.text, raw.eol));
  const sections: ConfigSection[] = [];
  let open: Omit<ConfigSection, 'endIndex'> | undefined;
  for (const line of lines) {
    if (line.kind === 'section-header') {
      if (open) sections.push(Object.freeze({ ...open, endIndex: line.index }));
      const words = line.words.map((w) => w.value);
      // `defaults from d` is an unnamed defaults section inheriting from d.
      const unnamed = words[0] === 'global' || (words[0] === 'defaults' && words[1] === 'from');
      const fromAt = words.indexOf('from', unnamed ? 1 : 2);
      open = {
        type: words[0] as SectionType,
        name: unnamed ? undefined : words[1],
        from: fromAt >= 0 ? words[fromAt + 1] : undefined,
        headerIndex: line.index,
      };
    } else if (line.kind === 'directive' && !open && !line.words[0].value.startsWith('.')) {
      // Conditional-block and diagnostic directives (.if, .diag, ...) are the
      // only words HAProxy accepts outside a section.
      throw new ConfigSyntaxError(line.index + 1, `'${line.words[0].value}' appears before any section header`);
    }
  }
  if (open) sections.push(Object.freeze({ ...open, endIndex: lines.length }));
  return Object.freeze({ lines: Object.freeze(lines), sections: Object.freeze(sections) });
}
