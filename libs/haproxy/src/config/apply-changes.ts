// Typed edits to a config. Every change is validated before anything is
// touched; the input model is never mutated; only the lines a change concerns
// are rewritten, and within a line only the words it concerns.
import { describeAppliedChange, type AppliedChange } from './applied-change';
import { inheritBalance, setBalance } from './balance-edits';
import type { ConfigSection, HaproxyConfig } from './config-model';
import { sectionDirectives } from './config-model';
import { MAX_CHANGES_PER_RELOAD } from './change-limits';
import { CONFIG_CHANGE_KINDS, MAX_SERVER_WEIGHT, type ConfigChange } from './config-change';
import { InvalidChangeError } from './errors';
import type { Edited } from './line-edits';
import { validateBalanceSetting } from './parse-balance';
import { assertIdentifier, printable } from './safe-text';
import { findBackendSection } from './section-lookup';
import { inheritServerWeight, setServerWeight } from './weight-edits';

export interface ApplyResult {
  readonly config: HaproxyConfig;
  /** One record per change, in order: what it touched, the value before and after, the line. */
  readonly changes: AppliedChange[];
  /** The same, one line per change for people, e.g. `backend api: balance roundrobin -> leastconn (line 12)`. */
  readonly summary: string[];
}

export function applyChanges(cfg: HaproxyConfig, changes: readonly ConfigChange[]): ApplyResult {
  if (!Array.isArray(changes)) throw new InvalidChangeError('changes', 'must be an array');
  if (changes.length > MAX_CHANGES_PER_RELOAD) throw new InvalidChangeError('changes', `at most ${MAX_CHANGES_PER_RELOAD} changes per reload (got ${changes.length})`);
  let current = cfg;
  const applied: AppliedChange[] = [];
  const summary: string[] = [];
  changes.forEach((change, i) => {
    const field = `changes[${i}]`;
    const { section, edited } = applyOne(current, change, field);
    current = edited.config;
    applied.push(edited.applied);
    summary.push(`${section.type} ${describeAppliedChange(edited.applied)}`);
  });
  return { config: current, changes: applied, summary };
}

function applyOne(cfg: HaproxyConfig, change: ConfigChange, field: string): { section: ConfigSection; edited: Edited } {
  if (change === null || typeof change !== 'object') throw new InvalidChangeError(field, 'must be an object');
  switch (change.kind) {
    case 'set-balance': {
      const section = requireBackend(cfg, change.backend, field);
      return { section, edited: setBalance(cfg, section, validateBalanceSetting(change.balance, `${field}.balance`)) };
    }
    case 'inherit-balance': {
      const section = requireBackend(cfg, change.backend, field);
      return { section, edited: inheritBalance(cfg, section) };
    }
    case 'set-server-weight': {
      const { section, line } = requireServer(cfg, change, field);
      return { section, edited: setServerWeight(cfg, section, line, assertWeight(change.weight, `${field}.weight`)) };
    }
    case 'inherit-server-weight': {
      const { section, line } = requireServer(cfg, change, field);
      return { section, edited: inheritServerWeight(cfg, section, line) };
    }
    default: {
      const kind: unknown = (change as { kind?: unknown }).kind;
      throw new InvalidChangeError(`${field}.kind`, `unknown change kind '${printable(String(kind))}' (accepted: ${CONFIG_CHANGE_KINDS.join(', ')})`);
    }
  }
}

function requireBackend(cfg: HaproxyConfig, name: unknown, field: string): ConfigSection {
  const backend = assertIdentifier(name, `${field}.backend`);
  const section = findBackendSection(cfg, backend);
  if (!section) throw new InvalidChangeError(`${field}.backend`, `no backend or listen section named '${backend}'`);
  return section;
}

function requireServer(cfg: HaproxyConfig, change: { backend: unknown; server: unknown }, field: string) {
  const section = requireBackend(cfg, change.backend, field);
  const server = assertIdentifier(change.server, `${field}.server`);
  const line = sectionDirectives(cfg, section).find((l) => l.words[0].value === 'server' && l.words[1]?.value === server);
  if (!line) throw new InvalidChangeError(`${field}.server`, `no server '${server}' in ${section.type} ${section.name}`);
  return { section, line };
}

function assertWeight(weight: unknown, field: string): number {
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > MAX_SERVER_WEIGHT) {
    throw new InvalidChangeError(field, `must be an integer from 0 to ${MAX_SERVER_WEIGHT} (got ${printable(String(weight))})`);
  }
  return weight;
}
