// Fills reload_results up to a target row count the fast way (INSERT ... SELECT
// generate_series, in chunks), shaped like a year of real history: every host,
// mostly successes with a tail of rollbacks, failures and refusals, a few
// reloads that dropped requests, a few without a finish time, and each row's
// result a real agent result from this run with its own id, host and times.
import type { Sql } from '../../../apps/server/src/database/sql-client';

const CHUNK = 250_000;

export async function seedHistory(sql: Sql, targetRows: number): Promise<{ seeded: number; seconds: number }> {
  const started = Date.now();
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM reload_results`;
  const [template] = await sql<{ result: Record<string, unknown> }[]>`SELECT result FROM reload_results ORDER BY received_at LIMIT 1`;
  if (!template) throw new Error('no reload result to shape the history on: the rollout recorded none');
  const missing = Math.max(0, targetRows - n);
  for (let from = 1; from <= missing; from += CHUNK) {
    const to = Math.min(missing, from + CHUNK - 1);
    await sql`
      WITH h AS (SELECT array_agg(name ORDER BY name) AS names, count(*)::int AS n FROM hosts),
      g AS (
        SELECT i, random() AS r, h.names[1 + ((i::bigint * 7919) % h.n)::int] AS host,
               now() - interval '1 hour' - (i::double precision / ${missing}::double precision) * interval '365 days' AS fin
        FROM generate_series(${from}::int, ${to}::int) AS i, h),
      o AS (
        SELECT i, host, fin,
               'hs-' || md5(i::text || ${String(n)}) || '-a1' AS id,
               CASE WHEN r < 0.965 THEN 'succeeded' WHEN r < 0.98 THEN 'rolled-back' WHEN r < 0.99 THEN 'validated' WHEN r < 0.995 THEN 'rejected' ELSE 'failed' END AS outcome,
               CASE WHEN r > 0.997 THEN 1 + (i % 40) ELSE 0 END AS failed,
               i % 10000 = 0 AS unfinished
        FROM g)
      INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, result, received_at)
      SELECT id, host, outcome, 'seamless', failed, fin - interval '2 seconds', CASE WHEN unfinished THEN NULL ELSE fin END,
             ${sql.json(template as Parameters<Sql['json']>[0])}::jsonb || jsonb_build_object('reloadId', id, 'hostName', host, 'outcome', 'OUTCOME_' || upper(replace(outcome, '-', '_')), 'startedAt', fin - interval '2 seconds', 'finishedAt', fin),
             fin + interval '50 milliseconds'
      FROM o`;
  }
  // VACUUM as well as ANALYZE: a year-old table has long been vacuumed (hint bits
  // written, visibility map set), so the timing sees it in its steady state.
  await sql`VACUUM (ANALYZE) reload_results`;
  return { seeded: missing, seconds: (Date.now() - started) / 1000 };
}
