// Typed edits to a config. Every change is validated before anything is
// touched; the input model is never mutated; only the lines a change concerns
// are rewritten, and within a line only the words it concerns.
import type { BalanceSetting } from './balance-setting';
import type { ConfigLine, ConfigSection, HaproxyConfig, LineEnding } from './config-model';
import { MAX_CHANGES_PER_RELOAD } from './change-limits';
import { sectionDirectives } from './config-model';
import { InvalidChangeError } from './errors';
import { formatBalance, validateBalanceSetting } from './parse-balance';
import { parseConfig } from './parse-config';
import { assertIdentifier, printable } from './safe-text';
import { findBackendSection } from './section-lookup';

export type ConfigChange =
  | { readonly kind: 'set-balance'; readonly backend: string; readonly balance: BalanceSetting }
  | { readonly kind: 'set-server-weight'; readonly backend: string; readonly server: string; readonly weight: number };

export interface ApplyResult {
  readonly config: HaproxyConfig;
  /** One human-readable line per change, e.g. `backend api: balance roundrobin -> leastconn (line 12)`. */
  readonly summary: string[];
}

export const MAX_SERVER_WEIGHT = 256;

interface RawLine {
  text: string;
  eol: LineEnding;
}

export function applyChanges(cfg: HaproxyConfig, changes: readonly ConfigChange[]): ApplyResult {
  if (!Array.isArray(changes)) throw new InvalidChangeError('changes', 'must be an array');
  if (changes.length > MAX_CHANGES_PER_RELOAD) throw new InvalidChangeError('changes', `at most ${MAX_CHANGES_PER_RELOAD} changes per reload (got ${changes.length})`);
  let current = cfg;
  const summary: string[] = [];
  changes.forEach((change, i) => {
    const field = `changes[${i}]`;
    const result = applyOne(current, change, field);
    current = result.config;
    summary.push(result.summary);
  });
  return { config: current, summary };
}

function applyOne(cfg: HaproxyConfig, change: ConfigChange, field: string): { config: HaproxyConfig; summary: string } {
  if (change === null || typeof change !== 'object') throw new InvalidChangeError(field, 'must be an object');
  switch (change.kind) {
    case 'set-balance':
      return setBalance(cfg, change, field);
    case 'set-server-weight':
      return setServerWeight(cfg, change, field);
    default: {
      const kind: unknown = (change as { kind?: unknown }).kind;
      throw new InvalidChangeError(`${field}.kind`, `unknown change kind '${printable(String(kind))}' (accepted: set-balance, set-server-weight)`);
    }
  }
}

function requireBackend(cfg: HaproxyConfig, name: unknown, field: string): ConfigSection {
  const backend = assertIdentifier(name, `${field}.backend`);
  const section = findBackendSection(cfg, backend);
  if (!section) throw new InvalidChangeError(`${field}.backend`, `no backend or listen section named '${backend}'`);
  return section;
}

function setBalance(cfg: HaproxyConfig, change: Extract<ConfigChange, { kind: 'set-balance' }>, field: string) {
  const section = requireBackend(cfg, change.backend, field);
  const setting = validateBalanceSetting(change.balance, `${field}.balance`);
  const newArgs = formatBalance(setting);
  const label = `${section.type} ${section.name}`;
  const lines = cfg.lines.map((line): RawLine => ({ text: line.text, eol: line.eol }));

  // HAProxy lets the last `balance` line win, so that is the one to change.
  const existing = sectionDirectives(cfg, section)
    .filter((line) => line.words[0].value === 'balance')
    .pop();
  if (existing) {
    const oldArgs = existing.words.slice(1).map((word) => word.value).join(' ');
    lines[existing.index] = { text: replaceArguments(existing, newArgs), eol: existing.eol };
    const what = oldArgs === newArgs ? `balance ${newArgs} unchanged` : `balance ${oldArgs || '(empty)'} -> ${newArgs}`;
    return { config: rebuild(lines), summary: `${label}: ${what} (line ${existing.index + 1})` };
  }

  const header = cfg.lines[section.headerIndex];
  const eol = dominantEol(cfg);
  const inserted: RawLine = { text: `${directiveIndent(cfg, section)}balance ${newArgs}`, eol: header.eol };
  // A header on the last line without a newline: it gets one, the new line
  // inherits "no newline at end of file".
  if (header.eol === '') lines[section.headerIndex] = { text: header.text, eol };
  lines.splice(section.headerIndex + 1, 0, inserted);
  return { config: rebuild(lines), summary: `${label}: balance (inherited) -> ${newArgs} (inserted at line ${section.headerIndex + 2})` };
}

function setServerWeight(cfg: HaproxyConfig, change: Extract<ConfigChange, { kind: 'set-server-weight' }>, field: string) {
  const section = requireBackend(cfg, change.backend, field);
  const server = assertIdentifier(change.server, `${field}.server`);
  const weight: unknown = change.weight;
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > MAX_SERVER_WEIGHT) {
    throw new InvalidChangeError(`${field}.weight`, `must be an integer from 0 to ${MAX_SERVER_WEIGHT} (got ${printable(String(weight))})`);
  }
  const line = sectionDirectives(cfg, section).find((l) => l.words[0].value === 'server' && l.words[1]?.value === server);
  if (!line) throw new InvalidChangeError(`${field}.server`, `no server '${server}' in ${section.type} ${section.name}`);

  // Replace every `weight N` value on the line (HAProxy would use the last),
  // or append one after the last word, before any comment.
  const weightWords = line.words.filter((_word, i) => i >= 4 && line.words[i - 1].value === 'weight');
  let text = line.text;
  let before: string;
  if (weightWords.length > 0) {
    before = weightWords.map((word) => word.value).join(',');
    for (const word of [...weightWords].reverse()) text = text.slice(0, word.start) + String(weight) + text.slice(word.end);
  } else {
    before = '(default)';
    const end = line.words[line.words.length - 1].end;
    text = `${text.slice(0, end)} weight ${weight}${text.slice(end)}`;
  }
  const lines = cfg.lines.map((l): RawLine => ({ text: l.text, eol: l.eol }));
  lines[line.index] = { text, eol: line.eol };
  return {
    config: rebuild(lines),
    summary: `${section.type} ${section.name}: server ${server} weight ${before} -> ${weight} (line ${line.index + 1})`,
  };
}

/** Keeps indentation, keyword, the spacing after it and everything after the last argument (comment included). */
function replaceArguments(line: ConfigLine, newArgs: string): string {
  const keyword = line.words[0];
  const last = line.words[line.words.length - 1];
  const gap = line.words.length > 1 ? line.text.slice(keyword.end, line.words[1].start) : ' ';
  return line.text.slice(0, keyword.end) + gap + newArgs + line.text.slice(last.end);
}

function directiveIndent(cfg: HaproxyConfig, section: ConfigSection): string {
  const first = sectionDirectives(cfg, section)[0] ?? cfg.lines.find((line) => line.kind === 'directive' && line.words[0].start > 0);
  return first ? first.text.slice(0, first.words[0].start) : '    ';
}

function dominantEol(cfg: HaproxyConfig): LineEnding {
  const crlf = cfg.lines.filter((line) => line.eol === '\r\n').length;
  const lf = cfg.lines.filter((line) => line.eol === '\n').length;
  return crlf > lf ? '\r\n' : '\n';
}

function rebuild(lines: readonly RawLine[]): HaproxyConfig {
  // Re-parsing the joined text keeps indices and sections consistent; lines
  // that were not edited come back with their original text.
  return parseConfig(lines.map((line) => line.text + line.eol).join(''));
}
