// The one definition of "a host is online": its agent's last heartbeat was
// recorded less than `withinSeconds` ago (by the database's clock, which
// recorded it). The host list, the fleet overview, the metrics and the
// scheduler all ask this class, so they never disagree about a host.
import type { Fragment, Sql, Tx } from '../database/sql-client';

export class HostPresence {
  constructor(
    /** heartbeatSeconds x offlineAfterHeartbeats from the server config. */
    readonly withinSeconds: number,
  ) {}

  static fromConfig(config: { heartbeatSeconds: number; offlineAfterHeartbeats: number }): HostPresence {
    return new HostPresence(config.heartbeatSeconds * config.offlineAfterHeartbeats);
  }

  /**
   * A condition on a hosts row (`column` is its last_heartbeat_at, maybe qualified: `h.last_heartbeat_at`),
   * false for a host never heard from. Usable in WHERE (an index on the column serves it) and in SELECT.
   */
  online(sql: Sql | Tx, column = 'last_heartbeat_at'): Fragment {
    return sql`coalesce(${sql(column)} > now() - make_interval(secs => ${this.withinSeconds}), false)`;
  }

  /** How long heartbeats must have been seen clearly before anyone may call a host offline. */
  get withinMs(): number {
    return this.withinSeconds * 1000;
  }
}
