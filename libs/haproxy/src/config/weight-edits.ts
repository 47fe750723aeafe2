// `weight` edits of one server line: set it, or drop it so that a
// `default-server` weight (or HAProxy's 1) applies again.
import type { AppliedChange } from './applied-change';
import type { ConfigLine, ConfigSection, HaproxyConfig } from './config-model';
import { effectiveWeight } from './list-backends';
import { rawLines, rebuild, type Edited } from './line-edits';
import { findBackendSection } from './section-lookup';

/** The value words of every `weight N` on a server line (HAProxy uses the last). */
function weightValues(line: ConfigLine) {
  return line.words.filter((_word, i) => i >= 4 && line.words[i - 1].value === 'weight');
}

function inEffect(cfg: HaproxyConfig, section: ConfigSection, line: ConfigLine) {
  const { weight, source } = effectiveWeight(cfg, section, line);
  return { value: String(weight), origin: source };
}

function record(section: ConfigSection, line: ConfigLine, rest: Pick<AppliedChange, 'before' | 'after' | 'edit'>): AppliedChange {
  return { backend: section.name ?? '', server: line.words[1].value, field: 'weight', line: line.index + 1, ...rest };
}

export function setServerWeight(cfg: HaproxyConfig, section: ConfigSection, line: ConfigLine, weight: number): Edited {
  const before = inEffect(cfg, section, line);
  const after = { value: String(weight), origin: 'explicit' } as const;
  // Replace every `weight N` value on the line, or append one after the last
  // word, before any comment.
  const values = weightValues(line);
  let text = line.text;
  if (values.length > 0) {
    for (const word of [...values].reverse()) text = text.slice(0, word.start) + String(weight) + text.slice(word.end);
  } else {
    const end = line.words[line.words.length - 1].end;
    text = `${text.slice(0, end)} weight ${weight}${text.slice(end)}`;
  }
  const lines = rawLines(cfg);
  lines[line.index] = { text, eol: line.eol };
  return { config: rebuild(lines), applied: record(section, line, { before, after, edit: 'replaced' }) };
}

export function inheritServerWeight(cfg: HaproxyConfig, section: ConfigSection, line: ConfigLine): Edited {
  const before = inEffect(cfg, section, line);
  const values = weightValues(line);
  if (values.length === 0) return { config: cfg, applied: record(section, line, { before, after: before, edit: 'none' }) };
  // Each ` weight N` goes with the space before it: the exact inverse of the append above.
  let text = line.text;
  for (const value of [...values].reverse()) {
    const i = line.words.indexOf(value);
    text = text.slice(0, line.words[i - 2].end) + text.slice(value.end);
  }
  const lines = rawLines(cfg);
  lines[line.index] = { text, eol: line.eol };
  const config = rebuild(lines);
  const newSection = findBackendSection(config, section.name ?? '') ?? section;
  const after = inEffect(config, newSection, config.lines[line.index]);
  return { config, applied: record(section, line, { before, after, edit: 'replaced' }) };
}
