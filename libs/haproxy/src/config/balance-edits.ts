// `balance` edits: set a backend's algorithm, or drop its own lines so that it
// inherits again. Each returns the new config and the record of what it did.
import type { BalanceSetting } from './balance-setting';
import type { ConfigSection, HaproxyConfig } from './config-model';
import { sectionDirectives } from './config-model';
import { effectiveBalance } from './list-backends';
import { directiveIndent, insertLineAfter, rawLines, rebuild, removeLine, replaceArguments, type Edited } from './line-edits';
import { formatBalance } from './parse-balance';
import { findBackendSection } from './section-lookup';

function balanceLines(cfg: HaproxyConfig, section: ConfigSection) {
  return sectionDirectives(cfg, section).filter((line) => line.words[0].value === 'balance');
}

function inEffect(cfg: HaproxyConfig, section: ConfigSection) {
  const { text, source } = effectiveBalance(cfg, section);
  return { value: text, origin: source };
}

export function setBalance(cfg: HaproxyConfig, section: ConfigSection, setting: BalanceSetting): Edited {
  const newArgs = formatBalance(setting);
  const lines = rawLines(cfg);
  const before = inEffect(cfg, section);
  const after = { value: newArgs, origin: 'explicit' } as const;
  const backend = section.name ?? '';
  // HAProxy lets the last `balance` line win, so that is the one to change.
  const existing = balanceLines(cfg, section).pop();
  if (existing) {
    lines[existing.index] = { text: replaceArguments(existing, newArgs), eol: existing.eol };
    return { config: rebuild(lines), applied: { backend, field: 'balance', before, after, line: existing.index + 1, edit: 'replaced' } };
  }
  insertLineAfter(cfg, lines, section.headerIndex, `${directiveIndent(cfg, section)}balance ${newArgs}`);
  return { config: rebuild(lines), applied: { backend, field: 'balance', before, after, line: section.headerIndex + 2, edit: 'inserted' } };
}

export function inheritBalance(cfg: HaproxyConfig, section: ConfigSection): Edited {
  const backend = section.name ?? '';
  const before = inEffect(cfg, section);
  const own = balanceLines(cfg, section);
  if (own.length === 0) return { config: cfg, applied: { backend, field: 'balance', before, after: before, line: 0, edit: 'none' } };
  const lines = rawLines(cfg);
  for (const line of [...own].reverse()) removeLine(lines, line.index);
  const config = rebuild(lines);
  // Looked up again in the re-parsed config.
  const after = inEffect(config, findBackendSection(config, backend) ?? section);
  return { config, applied: { backend, field: 'balance', before, after, line: own[own.length - 1].index + 1, edit: 'removed' } };
}
