// Queries and edits the dashboard and the rollout planner make on hosts.
import type { Sql, Tx } from '../database/sql-client';
import type { Labels } from '@hitless/api-contract';
import type { HostPresence } from './host-presence';

export interface HostSummary {
  name: string;
  labels: Labels;
  online: boolean;
  lastHeartbeatAt: Date | null;
  agentAddress: string | null;
  agentVersion: string | null;
  haproxyVersion: string | null;
  haproxyMode: string | null;
  preferredStrategy: string | null;
  configHash: string | null;
}

/** One host with everything its agent last reported. */
export interface HostDetail extends HostSummary {
  enrolledAt: Date;
  kernel: string | null;
  /** The agent's last inventory as it sent it: each strategy available or not, and why. */
  inventory: Record<string, unknown> | null;
}

export interface HostFilter {
  labels?: Labels;
  online?: boolean;
  names?: string[];
  after?: string;
  limit: number;
}

interface Row {
  name: string;
  labels: Labels;
  online: boolean;
  last_heartbeat_at: Date | null;
  agent_address: string | null;
  agent_version: string | null;
  haproxy_version: string | null;
  haproxy_mode: string | null;
  preferred_strategy: string | null;
  config_hash: string | null;
}

type Json = Parameters<Sql['json']>[0];

const SUMMARY_COLUMNS = ['name', 'labels', 'last_heartbeat_at', 'agent_address', 'agent_version', 'haproxy_version', 'haproxy_mode', 'preferred_strategy', 'config_hash'] as const;

function toSummary(row: Row): HostSummary {
  return {
    name: row.name,
    labels: row.labels,
    online: row.online,
    lastHeartbeatAt: row.last_heartbeat_at,
    agentAddress: row.agent_address,
    agentVersion: row.agent_version,
    haproxyVersion: row.haproxy_version,
    haproxyMode: row.haproxy_mode,
    preferredStrategy: row.preferred_strategy,
    configHash: row.config_hash,
  };
}

/** A host a rollout steps through, as the scheduler needs it: where its agent listens, and whether it is online. */
export interface StepHost {
  name: string;
  agentAddress: string | null;
  online: boolean;
}

export class HostDirectoryRepository {
  constructor(
    private readonly sql: Sql,
    private readonly presence: HostPresence,
  ) {}

  private online() {
    return this.presence.online(this.sql);
  }

  async find(name: string): Promise<HostDetail | undefined> {
    const sql = this.sql;
    const [row] = await sql<(Row & { enrolled_at: Date; kernel: string | null; inventory: Record<string, unknown> | null })[]>`
      SELECT ${sql(SUMMARY_COLUMNS)}, ${this.online()} AS online, enrolled_at, kernel, inventory FROM hosts WHERE name = ${name}`;
    return row ? { ...toSummary(row), enrolledAt: row.enrolled_at, kernel: row.kernel, inventory: row.inventory } : undefined;
  }

  async list(filter: HostFilter): Promise<HostSummary[]> {
    const sql = this.sql;
    const online = this.online();
    const rows = await sql<Row[]>`
      SELECT ${sql(SUMMARY_COLUMNS)}, ${online} AS online
      FROM hosts
      WHERE true
        ${filter.labels ? sql`AND labels @> ${sql.json(filter.labels as Json)}` : sql``}
        ${filter.online === undefined ? sql`` : filter.online ? sql`AND ${online}` : sql`AND NOT ${online}`}
        ${filter.names ? sql`AND name = ANY(${filter.names})` : sql``}
        ${filter.after === undefined ? sql`` : sql`AND name > ${filter.after}`}
      ORDER BY name LIMIT ${filter.limit}`;
    return rows.map(toSummary);
  }

  /** The hosts of a rollout's steps. */
  async ofRollout(rolloutId: string): Promise<StepHost[]> {
    const sql = this.sql;
    const rows = await sql<{ name: string; agent_address: string | null; online: boolean }[]>`
      SELECT h.name, h.agent_address, ${this.presence.online(sql, 'h.last_heartbeat_at')} AS online
      FROM hosts h JOIN rollout_steps s ON s.host_name = h.name WHERE s.rollout_id = ${rolloutId}`;
    return rows.map((row) => ({ name: row.name, agentAddress: row.agent_address, online: row.online }));
  }

  /** False when there is no such host. */
  async setLabels(tx: Tx | Sql, name: string, labels: Labels): Promise<boolean> {
    const rows = await tx`UPDATE hosts SET labels = ${this.sql.json(labels as Json)} WHERE name = ${name} RETURNING name`;
    return rows.length === 1;
  }
}
