// Fleet-wide counts for the dashboard's overview and the metrics gauges: how
// many hosts answer, which HAProxy and agent versions run, how many config
// versions the fleet holds at once, rollouts by state, and recent reloads.
// Small GROUP BY queries over the hosts table and indexed ranges elsewhere.
import type { Sql } from '../database/sql-client';
import type { HostPresence } from '../hosts/host-presence';
import { FAILED_RELOAD_OUTCOMES } from '@hitless/api-contract';

export interface VersionCount {
  /** null: not reported yet (an agent that never sent inventory). */
  value: string | null;
  hosts: number;
  online: number;
}

export interface FleetCounts {
  hosts: { total: number; online: number; offline: number };
  haproxyVersions: VersionCount[];
  agentVersions: VersionCount[];
  /** One entry per distinct config hash: more than one means the fleet is skewed. */
  configVersions: VersionCount[];
  strategies: VersionCount[];
}

export interface ReloadTotals {
  since: Date;
  total: number;
  /** Reloads that did not go through: failed, rolled back, rejected. */
  failed: number;
  /** Reloads during which the probe saw at least one failed request. */
  dropping: number;
  failedRequests: number;
}

export interface FleetOverview extends FleetCounts {
  rollouts: { state: string; count: number }[];
  reloads: ReloadTotals;
  generatedAt: Date;
}

interface GroupRow {
  value: string | null;
  hosts: number;
  online: number;
}

export class FleetOverviewRepository {
  constructor(
    private readonly sql: Sql,
    private readonly presence: HostPresence,
  ) {}

  async counts(): Promise<FleetCounts> {
    const sql = this.sql;
    const online = this.presence.online(sql);
    const group = (column: 'haproxy_version' | 'agent_version' | 'config_hash' | 'preferred_strategy') => sql<GroupRow[]>`
      SELECT ${sql(column)} AS value, count(*)::int AS hosts, count(*) FILTER (WHERE ${online})::int AS online
      FROM hosts GROUP BY 1 ORDER BY hosts DESC, value NULLS LAST`;
    const [haproxy, agent, config, strategy] = await Promise.all([group('haproxy_version'), group('agent_version'), group('config_hash'), group('preferred_strategy')]);
    const total = haproxy.reduce((sum, row) => sum + row.hosts, 0);
    const up = haproxy.reduce((sum, row) => sum + row.online, 0);
    const plain = (rows: GroupRow[]): VersionCount[] => rows.map((row) => ({ value: row.value, hosts: row.hosts, online: row.online }));
    return {
      hosts: { total, online: up, offline: total - up },
      haproxyVersions: plain(haproxy),
      agentVersions: plain(agent),
      configVersions: plain(config),
      strategies: plain(strategy),
    };
  }

  async rolloutsByState(): Promise<{ state: string; count: number }[]> {
    return this.sql<{ state: string; count: number }[]>`SELECT state, count(*)::int AS count FROM rollouts GROUP BY state ORDER BY state`;
  }

  async reloadTotals(since: Date): Promise<ReloadTotals> {
    const [row] = await this.sql<{ total: number; failed: number; dropping: number; failed_requests: number }[]>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE outcome = ANY(${FAILED_RELOAD_OUTCOMES as string[]}))::int AS failed,
             count(*) FILTER (WHERE failed_requests > 0)::int AS dropping,
             coalesce(sum(failed_requests), 0)::bigint AS failed_requests
      FROM reload_results WHERE finished_at >= ${since}`;
    return { since, total: row.total, failed: row.failed, dropping: row.dropping, failedRequests: Number(row.failed_requests) };
  }

  async overview(reloadsSince: Date): Promise<FleetOverview> {
    const [counts, rollouts, reloads] = await Promise.all([this.counts(), this.rolloutsByState(), this.reloadTotals(reloadsSince)]);
    return { ...counts, rollouts, reloads, generatedAt: new Date() };
  }
}
