// The agent registry: one row per enrolled host, refreshed by each heartbeat.
import type { Sql, Tx } from '../database/sql-client';

export interface HostRecord {
  name: string;
  certSerial: string;
  enrolledAt: Date;
  lastHeartbeatAt: Date | null;
  agentAddress: string | null;
  configHash: string | null;
  haproxyVersion: string | null;
}

export interface HeartbeatRecord {
  agentAddress: string;
  agentVersion: string;
  haproxyVersion: string;
  haproxyMode: string;
  kernel: string;
  configHash: string;
  preferredStrategy: string;
  inventory: Record<string, unknown>;
}

interface HostRow {
  name: string;
  cert_serial: string;
  enrolled_at: Date;
  last_heartbeat_at: Date | null;
  agent_address: string | null;
  config_hash: string | null;
  haproxy_version: string | null;
}

function toHost(row: HostRow): HostRecord {
  return {
    name: row.name,
    certSerial: row.cert_serial,
    enrolledAt: row.enrolled_at,
    lastHeartbeatAt: row.last_heartbeat_at,
    agentAddress: row.agent_address,
    configHash: row.config_hash,
    haproxyVersion: row.haproxy_version,
  };
}

export class HostsRepository {
  constructor(private readonly sql: Sql) {}

  /** A re-enrolment (new key after a disk loss) replaces the certificate on record. */
  async recordEnrollment(tx: Tx, name: string, certSerial: string, certNotAfter: Date): Promise<void> {
    await tx`
      INSERT INTO hosts (name, cert_serial, cert_not_after) VALUES (${name}, ${certSerial}, ${certNotAfter})
      ON CONFLICT (name) DO UPDATE SET cert_serial = excluded.cert_serial, cert_not_after = excluded.cert_not_after, enrolled_at = now()`;
  }

  /**
   * Several hosts' heartbeats in one statement (one per host: callers keep the latest of a
   * host's beats). Returns the hosts whose row was updated, with the certificate that signed the
   * beat: a host that is unknown, or whose certificate is no longer its current one, is left out.
   */
  async recordHeartbeats(beats: readonly (HeartbeatRecord & { name: string; certSerial: string })[]): Promise<{ name: string; certSerial: string }[]> {
    if (beats.length === 0) return [];
    const column = <K extends keyof HeartbeatRecord | 'name' | 'certSerial'>(key: K) => beats.map((beat) => beat[key] as string);
    const updated = await this.sql<{ name: string; cert_serial: string }[]>`
      UPDATE hosts h SET
        last_heartbeat_at = now(),
        agent_address = v.agent_address,
        agent_version = v.agent_version,
        haproxy_version = v.haproxy_version,
        haproxy_mode = v.haproxy_mode,
        kernel = v.kernel,
        config_hash = v.config_hash,
        preferred_strategy = v.preferred_strategy,
        inventory = v.inventory::jsonb
      FROM unnest(${column('name')}::text[], ${column('certSerial')}::text[], ${column('agentAddress')}::text[], ${column('agentVersion')}::text[],
                  ${column('haproxyVersion')}::text[], ${column('haproxyMode')}::text[], ${column('kernel')}::text[], ${column('configHash')}::text[],
                  ${column('preferredStrategy')}::text[], ${beats.map((beat) => JSON.stringify(beat.inventory))}::text[])
        AS v(name, cert_serial, agent_address, agent_version, haproxy_version, haproxy_mode, kernel, config_hash, preferred_strategy, inventory)
      WHERE h.name = v.name AND h.cert_serial = v.cert_serial
      RETURNING h.name, h.cert_serial`;
    return updated.map((row) => ({ name: row.name, certSerial: row.cert_serial }));
  }

  async find(name: string): Promise<HostRecord | undefined> {
    const [row] = await this.sql<HostRow[]>`
      SELECT name, cert_serial, enrolled_at, last_heartbeat_at, agent_address, config_hash, haproxy_version FROM hosts WHERE name = ${name}`;
    return row ? toHost(row) : undefined;
  }
}
