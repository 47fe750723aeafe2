// The one way to make a postgres.js client: UTC sessions, bigints as numbers,
// a bounded pool.
import postgres from 'postgres';

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;
/** A query not yet run, to embed in another (a subquery or CTE). */
export type Fragment = postgres.PendingQuery<postgres.Row[]>;

export function createSql(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 5,
    // Custom plans always: the status queries take time ranges and filters whose best plan
    // depends on the values. After five runs on a connection Postgres may switch a prepared
    // statement to a generic plan; for "reloads in a week a month ago" that plan sorted ~60,000
    // rows (30-80 ms) where the value-aware plan reads 50 index entries (2 ms).
    connection: { TimeZone: 'UTC', application_name: 'hitless-server', plan_cache_mode: 'force_custom_plan' },
    // Counts here stay far below 2^53, so plain numbers are exact.
    types: { bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) } },
    transform: { undefined: null },
    onnotice: () => undefined,
    // postgres.js waits 3^retries/100 s between reconnects by default, up to 20 s: after a
    // Postgres restart of a few seconds the server went on queueing queries (heartbeats,
    // the scheduler's reads) for up to 20 s more. Retry at most a second apart instead.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
  });
}
