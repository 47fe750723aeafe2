// The typed model of an haproxy.cfg. It is line-oriented on purpose: every
// line keeps its exact original text and line ending, so rendering the model
// gives back the input byte for byte, and an edit rewrites only the lines it
// touches. Sections are views (index ranges) over those lines.
import type { Word } from './tokenize-line';

export type LineEnding = '' | '\n' | '\r\n';

export type LineKind = 'blank' | 'comment' | 'section-header' | 'directive';

export interface ConfigLine {
  /** 0-based position in the file; line number is index + 1. */
  readonly index: number;
  /** The raw text without its line ending. */
  readonly text: string;
  readonly eol: LineEnding;
  readonly kind: LineKind;
  readonly words: readonly Word[];
  /** Offset of the comment's '#', or -1. */
  readonly commentStart: number;
}

/** Section keywords HAProxy recognises (2.6, plus a few newer ones so their bodies are not misread). */
export const SECTION_KEYWORDS = [
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'userlist',
  'peers',
  'resolvers',
  'mailers',
  'program',
  'http-errors',
  'ring',
  'cache',
  'log-forward',
  'dynamic-update',
  'crt-store',
  'traces',
  'acme',
] as const;

export type SectionType = (typeof SECTION_KEYWORDS)[number];

export interface ConfigSection {
  readonly type: SectionType;
  /** Second word of the header; undefined for `global` or an unnamed `defaults`. */
  readonly name: string | undefined;
  /** Named defaults section this proxy inherits from (`backend b from d`), if any. */
  readonly from: string | undefined;
  readonly headerIndex: number;
  /** Index just past the section's last line (next header, or end of file). */
  readonly endIndex: number;
}

export interface HaproxyConfig {
  readonly lines: readonly ConfigLine[];
  readonly sections: readonly ConfigSection[];
}

/** The directive lines of a section, in file order. */
export function sectionDirectives(cfg: HaproxyConfig, section: ConfigSection): ConfigLine[] {
  return cfg.lines.slice(section.headerIndex + 1, section.endIndex).filter((line) => line.kind === 'directive');
}

/** Words of a line as plain strings. */
export function wordValues(line: ConfigLine): string[] {
  return line.words.map((word) => word.value);
}
