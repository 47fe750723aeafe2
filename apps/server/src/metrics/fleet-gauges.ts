// Gauges computed from the database when Prometheus scrapes: hosts online and
// offline, config versions in the fleet, HAProxy versions, rollouts by state.
// One scrape runs each query once however many gauges read it.
import { Gauge, type Registry } from 'prom-client';
import type { FleetCounts } from '../fleet/fleet-overview.repository';
import { ROLLOUT_STATES } from '../rollouts/rollout-state-types';

export interface FleetGaugeSource {
  counts(): Promise<FleetCounts>;
  rolloutsByState(): Promise<{ state: string; count: number }[]>;
}

/** Shares one call among the gauges of one scrape (they are collected concurrently). */
function perScrape<T>(load: () => Promise<T>, reuseMs = 1000): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > reuseMs) {
      const value = load();
      cached = { at: Date.now(), value };
      // A failed query is not reused by the next scrape.
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}

const label = (value: string | null) => value ?? 'unknown';

export function registerFleetGauges(registry: Registry, source: FleetGaugeSource): void {
  const counts = perScrape(() => source.counts());
  const rollouts = perScrape(() => source.rolloutsByState());
  new Gauge({
    name: 'hitless_server_hosts',
    help: 'Enrolled hosts by status (online: a heartbeat within the offline threshold)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { hosts } = await counts();
      this.set({ status: 'online' }, hosts.online);
      this.set({ status: 'offline' }, hosts.offline);
    },
  });
  new Gauge({
    name: 'hitless_server_config_versions',
    help: 'Distinct HAProxy config hashes across enrolled hosts (1: no skew)',
    registers: [registry],
    async collect() {
      this.set((await counts()).configVersions.filter((c) => c.value !== null).length);
    },
  });
  const hostsPer = (name: string, help: string, labelName: string, pick: (fleet: FleetCounts) => { value: string | null; hosts: number }[]) =>
    new Gauge({
      name,
      help,
      labelNames: [labelName],
      registers: [registry],
      async collect() {
        const values = pick(await counts());
        // Values no host has any more disappear instead of lingering at their last count.
        this.reset();
        for (const v of values) this.set({ [labelName]: label(v.value) }, v.hosts);
      },
    });
  hostsPer('hitless_server_hosts_by_config', 'Hosts per HAProxy config hash', 'config_hash', (fleet) => fleet.configVersions);
  hostsPer('hitless_server_hosts_by_haproxy_version', 'Hosts per HAProxy version', 'version', (fleet) => fleet.haproxyVersions);
  new Gauge({
    name: 'hitless_server_rollouts',
    help: 'Rollouts by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = await rollouts();
      // Every state is reported, at zero when empty, so a state that empties does not vanish.
      for (const state of ROLLOUT_STATES) this.set({ state }, rows.find((r) => r.state === state)?.count ?? 0);
    },
  });
}
