// Text-level edits of a parsed config that keep every untouched byte: lines keep
// their text and line ending, and the result is re-parsed so indices and
// sections stay consistent.
import type { AppliedChange } from './applied-change';
import type { ConfigLine, ConfigSection, HaproxyConfig, LineEnding } from './config-model';
import { sectionDirectives } from './config-model';
import { parseConfig } from './parse-config';

/** A config after one typed change, and the record of what the change did. */
export interface Edited {
  readonly config: HaproxyConfig;
  readonly applied: AppliedChange;
}

export interface RawLine {
  text: string;
  eol: LineEnding;
}

export function rawLines(cfg: HaproxyConfig): RawLine[] {
  return cfg.lines.map((line): RawLine => ({ text: line.text, eol: line.eol }));
}

export function rebuild(lines: readonly RawLine[]): HaproxyConfig {
  // Re-parsing the joined text keeps indices and sections consistent; lines
  // that were not edited come back with their original text.
  return parseConfig(lines.map((line) => line.text + line.eol).join(''));
}

/** Keeps indentation, keyword, the spacing after it and everything after the last argument (comment included). */
export function replaceArguments(line: ConfigLine, newArgs: string): string {
  const keyword = line.words[0];
  const last = line.words[line.words.length - 1];
  const gap = line.words.length > 1 ? line.text.slice(keyword.end, line.words[1].start) : ' ';
  return line.text.slice(0, keyword.end) + gap + newArgs + line.text.slice(last.end);
}

export function directiveIndent(cfg: HaproxyConfig, section: ConfigSection): string {
  const first = sectionDirectives(cfg, section)[0] ?? cfg.lines.find((line) => line.kind === 'directive' && line.words[0].start > 0);
  return first ? first.text.slice(0, first.words[0].start) : '    ';
}

export function dominantEol(cfg: HaproxyConfig): LineEnding {
  const crlf = cfg.lines.filter((line) => line.eol === '\r\n').length;
  const lf = cfg.lines.filter((line) => line.eol === '\n').length;
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Inserts `text` as a new line right after line `index`, with that line's ending. A line
 * at the end of a file without a final newline gets one, and the new line inherits "no
 * newline at end of file". removeLine undoes exactly this.
 */
export function insertLineAfter(cfg: HaproxyConfig, lines: RawLine[], index: number, text: string): void {
  const after = lines[index];
  const inserted: RawLine = { text, eol: after.eol };
  if (after.eol === '') lines[index] = { text: after.text, eol: dominantEol(cfg) };
  lines.splice(index + 1, 0, inserted);
}

/** Removes line `index`; removing the last line of a file without a final newline leaves the new last line without one too. */
export function removeLine(lines: RawLine[], index: number): void {
  const [removed] = lines.splice(index, 1);
  if (removed.eol === '' && index === lines.length && index > 0) lines[index - 1] = { text: lines[index - 1].text, eol: '' };
}
