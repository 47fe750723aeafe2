// Turns a spec and the current inventory into ordered batches of host names:
// the canary batch first, then fixed-size batches in host-name order.
import type { FieldIssue } from '../errors/rollout-input-error';
import { RolloutInputError } from '../errors/rollout-input-error';
import type { BatchSize, RolloutSpec } from '../spec/rollout-spec';
import { compareHostNames, sortHostNames } from './host-order';
import type { InventoryHost } from './select-targets';
import { selectTargets } from './select-targets';

export interface SkippedHost {
  readonly host: string;
  readonly reason: 'offline';
}

export interface RolloutPlan {
  /** Host names per batch, in dispatch order. */
  readonly batches: readonly (readonly string[])[];
  /** True when batches[0] is the canary batch. */
  readonly hasCanary: boolean;
  /** Hosts per batch after the canary. */
  readonly batchSize: number;
  /** Targeted hosts left out because they were offline under the 'skip' policy. */
  readonly skipped: readonly SkippedHost[];
  /** Every host the selector matched, sorted. */
  readonly targets: readonly string[];
}

/**
 * A percentage is taken of every host the selector matched (the fleet the
 * operator thinks of) and rounded up, so a batch is never empty and a
 * percentage never yields more than 100/percent batches.
 */
export function resolveBatchSize(batchSize: BatchSize, targetCount: number): number {
  if ('count' in batchSize) return batchSize.count;
  return Math.max(1, Math.ceil((batchSize.percent * targetCount) / 100));
}

export function planRollout(spec: RolloutSpec, hosts: readonly InventoryHost[]): RolloutPlan {
  const { targets, issues } = selectTargets(spec.target, hosts);
  if (issues.length > 0) throw new RolloutInputError(issues);
  const sorted = [...targets].sort((a, b) => compareHostNames(a.name, b.name));
  const skipping = spec.offlineHosts === 'skip';
  const usable = skipping ? sorted.filter((host) => host.online) : sorted;
  const skipped = skipping ? sorted.filter((host) => !host.online).map((host): SkippedHost => ({ host: host.name, reason: 'offline' })) : [];
  if (usable.length === 0) throw new RolloutInputError([{ path: 'target', message: `all ${sorted.length} targeted hosts are offline` }]);

  const canary = pickCanary(spec, sorted, usable);
  const canarySet = new Set(canary);
  const rest = usable.map((host) => host.name).filter((name) => !canarySet.has(name));
  const batchSize = resolveBatchSize(spec.plan.batchSize, sorted.length);
  const batches: string[][] = canary.length > 0 ? [canary] : [];
  for (let i = 0; i < rest.length; i += batchSize) batches.push(rest.slice(i, i + batchSize));
  return { batches, hasCanary: canary.length > 0, batchSize, skipped, targets: sorted.map((host) => host.name) };
}

/**
 * Named canaries must be targeted and, under 'skip', online: the canary is
 * the safety check, so silently dropping it would be worse than refusing.
 * A canary count takes online hosts first, by name.
 */
function pickCanary(spec: RolloutSpec, targets: readonly InventoryHost[], usable: readonly InventoryHost[]): string[] {
  const canary = spec.plan.canary;
  if (!canary) return [];
  if ('hosts' in canary) {
    const byName = new Map(targets.map((host) => [host.name, host]));
    const issues: FieldIssue[] = [];
    canary.hosts.forEach((name, i) => {
      const host = byName.get(name);
      if (!host) issues.push({ path: `plan.canary.hosts[${i}]`, message: `'${name}' is not a targeted host` });
      else if (!host.online && spec.offlineHosts === 'skip') issues.push({ path: `plan.canary.hosts[${i}]`, message: `'${name}' is offline` });
    });
    if (issues.length > 0) throw new RolloutInputError(issues);
    return sortHostNames(canary.hosts);
  }
  if (canary.count > usable.length) {
    throw new RolloutInputError([{ path: 'plan.canary.count', message: `is larger than the ${usable.length} hosts available` }]);
  }
  const onlineFirst = [...usable.filter((host) => host.online), ...usable.filter((host) => !host.online)];
  return sortHostNames(onlineFirst.slice(0, canary.count).map((host) => host.name));
}
