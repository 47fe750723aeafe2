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

  /** False when the host is unknown or presents a certificate that is no longer its current one. */
  async recordHeartbeat(name: string, certSerial: string, beat: HeartbeatRecord): Promise<boolean> {
    const updated = await this.sql`
      UPDATE hosts SET
        last_heartbeat_at = now(),
        agent_address = ${beat.agentAddress},
        agent_version = ${beat.agentVersion},
        haproxy_version = ${beat.haproxyVersion},
        haproxy_mode = ${beat.haproxyMode},
        kernel = ${beat.kernel},
        config_hash = ${beat.configHash},
        preferred_strategy = ${beat.preferredStrategy},
        inventory = ${this.sql.json(beat.inventory as Parameters<Sql['json']>[0])}
      WHERE name = ${name} AND cert_serial = ${certSerial}
      RETURNING name`;
    return updated.length === 1;
  }

  async find(name: string): Promise<HostRecord | undefined> {
    const [row] = await this.sql<HostRow[]>`
      SELECT name, cert_serial, enrolled_at, last_heartbeat_at, agent_address, config_hash, haproxy_version FROM hosts WHERE name = ${name}`;
    return row ? toHost(row) : undefined;
  }
}
