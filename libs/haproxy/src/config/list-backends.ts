// What receives traffic: backend and listen sections, their effective
// balancing algorithm and their servers with effective weights.
import type { ConfigLine, ConfigSection, HaproxyConfig } from './config-model';
import { sectionDirectives, wordValues } from './config-model';
import { HAPROXY_DEFAULT_BALANCE } from './balance-setting';
import type { BalanceSetting } from './balance-setting';
import type { ValueOrigin } from './applied-change';
import { InvalidChangeError } from './errors';
import { parseBalance } from './parse-balance';
import { defaultsFor, inheritedDirective } from './section-lookup';

export interface EffectiveBalance {
  /** The parsed setting; undefined when the configured text is outside the strict grammar. */
  readonly setting: BalanceSetting | undefined;
  /** Arguments of the `balance` line as written (or `roundrobin` for HAProxy's default). */
  readonly text: string;
  /** Where it comes from: the section itself (explicit), a defaults section, or HAProxy's built-in default. */
  readonly source: Exclude<ValueOrigin, 'default-server'>;
  readonly lineNumber: number | undefined;
  /** Why `setting` is undefined. */
  readonly problem?: string;
}

export interface ServerInfo {
  readonly name: string;
  /** Address word as written, e.g. `10.0.0.1:80`. */
  readonly address: string;
  readonly host: string;
  /** Undefined when no port (or a relative `+N`/`-N` port) is given. */
  readonly port: number | undefined;
  /** Effective weight: own `weight`, else the `default-server` one, else 1. */
  readonly weight: number;
  readonly lineNumber: number;
}

export interface BackendInfo {
  readonly type: 'backend' | 'listen';
  readonly name: string;
  readonly lineNumber: number;
  readonly balance: EffectiveBalance;
  readonly servers: readonly ServerInfo[];
}

export function listBackends(cfg: HaproxyConfig): BackendInfo[] {
  return cfg.sections
    .filter((section): section is ConfigSection & { type: 'backend' | 'listen' } => section.type === 'backend' || section.type === 'listen')
    .map((section) => ({
      type: section.type,
      name: section.name ?? '',
      lineNumber: section.headerIndex + 1,
      balance: effectiveBalance(cfg, section),
      servers: listServers(cfg, section),
    }));
}

export function effectiveBalance(cfg: HaproxyConfig, section: ConfigSection): EffectiveBalance {
  const found = inheritedDirective(cfg, section, 'balance');
  if (!found) return { setting: HAPROXY_DEFAULT_BALANCE, text: 'roundrobin', source: 'haproxy-default', lineNumber: undefined };
  const args = wordValues(found.line).slice(1);
  const source = found.section === section ? 'explicit' : 'defaults';
  const base = { text: args.join(' '), source, lineNumber: found.line.index + 1 } as const;
  // `balance` with no argument means roundrobin to HAProxy.
  if (args.length === 0) return { ...base, setting: HAPROXY_DEFAULT_BALANCE };
  try {
    return { ...base, setting: parseBalance({ algorithm: args[0], args: args.slice(1) }) };
  } catch (error) {
    // Only a grammar rejection is expected here; the line stays readable as text.
    if (!(error instanceof InvalidChangeError)) throw error;
    return { ...base, setting: undefined, problem: error.message };
  }
}

function listServers(cfg: HaproxyConfig, section: ConfigSection): ServerInfo[] {
  return sectionDirectives(cfg, section)
    .filter((line) => line.words[0].value === 'server' && line.words.length >= 3)
    .map((line) => {
      const [, name, address] = wordValues(line);
      const { host, port } = splitHostPort(address);
      return { name, address, host, port, weight: effectiveWeight(cfg, section, line).weight, lineNumber: line.index + 1 };
    });
}

/**
 * The weight a `server` line runs with and where it comes from: its own `weight`, else the
 * last `default-server` weight above it in the section, else the one its defaults section
 * gives, else HAProxy's 1.
 */
export function effectiveWeight(cfg: HaproxyConfig, section: ConfigSection, serverLine: ConfigLine): { weight: number; source: ValueOrigin } {
  const own = weightOf(serverLine, 3);
  if (own !== undefined) return { weight: own, source: 'explicit' };
  let sectionDefault: number | undefined;
  for (const line of sectionDirectives(cfg, section)) {
    if (line.index >= serverLine.index) break;
    if (line.words[0].value === 'default-server') sectionDefault = weightOf(line, 1) ?? sectionDefault;
  }
  if (sectionDefault !== undefined) return { weight: sectionDefault, source: 'default-server' };
  const defaults = defaultsFor(cfg, section);
  const inherited = defaults ? inheritedDirective(cfg, defaults, 'default-server') : undefined;
  const inheritedWeight = inherited ? weightOf(inherited.line, 1) : undefined;
  return inheritedWeight === undefined ? { weight: 1, source: 'haproxy-default' } : { weight: inheritedWeight, source: 'defaults' };
}

/** Value of the last `weight N` keyword at or after word `from`. */
export function weightOf(line: ConfigLine, from: number): number | undefined {
  let weight: number | undefined;
  for (let i = from; i < line.words.length - 1; i++) {
    if (line.words[i].value === 'weight' && /^\d+$/.test(line.words[i + 1].value)) weight = Number(line.words[i + 1].value);
  }
  return weight;
}

function splitHostPort(address: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(address);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colon = address.lastIndexOf(':');
  // More than one colon without brackets is a bare IPv6 address.
  if (colon < 0 || address.indexOf(':') !== colon) return { host: address, port: undefined };
  const portText = address.slice(colon + 1);
  return { host: address.slice(0, colon), port: /^\d+$/.test(portText) ? Number(portText) : undefined };
}
