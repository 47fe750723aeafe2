import type { FieldIssue } from '../errors/rollout-input-error';
import type { TargetSelector } from '../spec/rollout-spec';

export interface InventoryHost {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly online: boolean;
}

/** Hosts named in the selector, plus hosts carrying every selector label. */
export function selectTargets(selector: TargetSelector, hosts: readonly InventoryHost[]): { targets: InventoryHost[]; issues: FieldIssue[] } {
  const byName = new Map(hosts.map((host) => [host.name, host]));
  const issues: FieldIssue[] = [];
  const chosen = new Map<string, InventoryHost>();
  (selector.hosts ?? []).forEach((name, i) => {
    const host = byName.get(name);
    if (host) chosen.set(name, host);
    else issues.push({ path: `target.hosts[${i}]`, message: `no registered host '${name}'` });
  });
  const labels = Object.entries(selector.labels ?? {});
  if (labels.length > 0) {
    for (const host of hosts) {
      if (labels.every(([key, value]) => host.labels[key] === value)) chosen.set(host.name, host);
    }
  }
  if (issues.length === 0 && chosen.size === 0) issues.push({ path: 'target', message: 'matches no registered host' });
  return { targets: [...chosen.values()], issues };
}
