// Finding sections and the directives a proxy inherits from `defaults`.
import type { ConfigLine, ConfigSection, HaproxyConfig, SectionType } from './config-model';
import { sectionDirectives } from './config-model';

export function findSection(cfg: HaproxyConfig, type: SectionType, name?: string): ConfigSection | undefined {
  return cfg.sections.find((section) => section.type === type && section.name === name);
}

/** The proxy (backend or listen) that carries this name, as HAProxy would route to it. */
export function findBackendSection(cfg: HaproxyConfig, name: string): ConfigSection | undefined {
  return cfg.sections.find((section) => (section.type === 'backend' || section.type === 'listen') && section.name === name);
}

/**
 * The defaults section a proxy takes its settings from: the named one after
 * `from`, otherwise the last `defaults` section above it.
 */
export function defaultsFor(cfg: HaproxyConfig, section: ConfigSection): ConfigSection | undefined {
  const above = cfg.sections.filter((s) => s.type === 'defaults' && s.headerIndex < section.headerIndex);
  if (section.from !== undefined) return above.filter((s) => s.name === section.from).pop();
  // A defaults section without `from` starts from scratch; it inherits nothing.
  if (section.type === 'defaults') return undefined;
  return above.pop();
}

/** The last directive with this keyword in the section (HAProxy lets the last one win). */
export function lastDirective(cfg: HaproxyConfig, section: ConfigSection, keyword: string): ConfigLine | undefined {
  return sectionDirectives(cfg, section)
    .filter((line) => line.words[0].value === keyword)
    .pop();
}

export interface InheritedDirective {
  readonly line: ConfigLine;
  readonly section: ConfigSection;
}

/** The directive in the section itself, or else in its defaults chain. */
export function inheritedDirective(cfg: HaproxyConfig, section: ConfigSection, keyword: string): InheritedDirective | undefined {
  const seen = new Set<ConfigSection>();
  for (let current: ConfigSection | undefined = section; current && !seen.has(current); current = defaultsFor(cfg, current)) {
    seen.add(current);
    const line = lastDirective(cfg, current, keyword);
    if (line) return { line, section: current };
  }
  return undefined;
}
