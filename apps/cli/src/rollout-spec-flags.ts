// Builds a rollout spec body from `rollout create` flags, over an optional
// `--spec FILE` base. Only the shape is decided here; the server validates the
// values (ranges, algorithms, names) and answers 400 naming the field, so the
// CLI never disagrees with the server about what is valid.
import { UsageError } from './cli-errors';
import { parseLabelPairs } from './label-pairs';

export interface SpecFlags {
  setBalance: string[];
  setWeight: string[];
  selector: string[];
  hosts: string[];
  canary?: string;
  batch?: string;
  maxUnavailable?: string;
  pauseBetween?: string;
  failureBudget?: string;
  probeThreshold?: string;
  deadline?: string;
  strategy?: string;
  offline?: string;
  window?: string;
  start?: string;
  dryRun: boolean;
}

type Json = Record<string, unknown>;

function integer(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${flag} takes a whole number, got '${text}'`);
  return Number(text.trim());
}

function splitPair(flag: string, text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--${flag} takes KEY${separator}VALUE, got '${text}'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** `api=leastconn` or `api=hdr(Host) use_domain_only`: everything after the first '=' is the balance. */
export function balanceChange(text: string): Json {
  const [backend, balance] = splitPair('set-balance', text, '=');
  return { kind: 'set-balance', backend, balance };
}

/** `api/web1=50` */
export function weightChange(text: string): Json {
  const [name, weight] = splitPair('set-weight', text, '=');
  const [backend, server] = splitPair('set-weight', name, '/');
  return { kind: 'set-server-weight', backend, server, weight: integer('set-weight', weight) };
}

/** `env=prod,region=eu` (repeatable). */
export function selectorLabels(texts: readonly string[]): Record<string, string> {
  return parseLabelPairs('--selector', texts);
}

/** `20%` is a percentage, `5` a count. */
export function batchSize(text: string): Json {
  const percent = /^(-?\d+)\s*%$/.exec(text.trim());
  return percent ? { percent: Number(percent[1]) } : { count: integer('batch', text) };
}

/** `1` is a count, `lb-1,lb-2` are host names. */
export function canary(text: string): Json {
  return /^-?\d+$/.test(text.trim()) ? { count: Number(text.trim()) } : { hosts: text.split(',').filter(Boolean) };
}

function objectAt(base: Json, key: string): Json {
  const value = base[key];
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--spec: '${key}' must be an object`);
  return value as Json;
}

/** Flags override the file's fields; changes given as flags replace the file's changes. */
export function buildSpec(flags: SpecFlags, base: Json = {}): Json {
  const spec: Json = { ...base };
  const changes = [...flags.setBalance.map(balanceChange), ...flags.setWeight.map(weightChange)];
  if (changes.length > 0) spec.changes = changes;
  if (spec.changes === undefined) throw new UsageError('rollout create needs a change: --set-balance BACKEND=ALGORITHM, --set-weight BACKEND/SERVER=N, or --spec FILE');

  const target = objectAt(spec, 'target');
  if (flags.selector.length > 0) target.labels = { ...objectAt(target, 'labels'), ...selectorLabels(flags.selector) };
  if (flags.hosts.length > 0) target.hosts = flags.hosts.flatMap((h) => h.split(',')).filter(Boolean);
  if (Object.keys(target).length === 0) throw new UsageError('rollout create needs a target: --selector KEY=VALUE and/or --hosts NAME,NAME (or --spec FILE)');
  spec.target = target;

  const plan = objectAt(spec, 'plan');
  if (flags.canary !== undefined) plan.canary = canary(flags.canary);
  if (flags.batch !== undefined) plan.batchSize = batchSize(flags.batch);
  if (plan.batchSize === undefined) plan.batchSize = { count: 1 };
  if (flags.maxUnavailable !== undefined) plan.maxUnavailable = integer('max-unavailable', flags.maxUnavailable);
  if (flags.pauseBetween !== undefined) plan.pauseBetweenBatchesSeconds = integer('pause-between', flags.pauseBetween);
  if (flags.failureBudget !== undefined) plan.failureBudget = integer('failure-budget', flags.failureBudget);
  spec.plan = plan;

  if (flags.probeThreshold !== undefined || flags.deadline !== undefined) {
    const gates = objectAt(spec, 'gates');
    if (flags.probeThreshold !== undefined) gates.probeFailureThreshold = integer('probe-threshold', flags.probeThreshold);
    if (flags.deadline !== undefined) gates.agentDeadlineSeconds = integer('deadline', flags.deadline);
    spec.gates = gates;
  }
  if (flags.strategy !== undefined) spec.strategy = flags.strategy;
  if (flags.offline !== undefined) spec.offlineHosts = flags.offline;
  if (flags.window !== undefined) spec.windowId = flags.window;
  if (flags.start !== undefined) spec.scheduledStart = flags.start;
  if (flags.dryRun) spec.dryRun = true;
  return spec;
}

/** The `--spec FILE` text as a JSON object. */
export function parseSpecFile(file: string, text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--spec ${file} is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--spec ${file} must hold a JSON object (a rollout spec)`);
  return parsed as Json;
}

/** Names the server accepts: letters, digits, spaces, '.', '_', ':', '-'. */
export function defaultRolloutName(now: Date): string {
  return `cli ${now.toISOString()}`;
}
