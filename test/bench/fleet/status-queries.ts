// Times the status queries the dashboard makes, through the real REST API, the
// way a browser would: one at a time, each sample a full HTTP round trip.
import type { Sql } from '../../../apps/server/src/database/sql-client';
import { quantile } from './quantile';

export interface StatusQueryFigure {
  name: string;
  /** Items in the answer (of the last sample). */
  rows: number;
  p50_ms: number;
  p99_ms: number;
  /** How it was timed, when not through its own endpoint. */
  note?: string;
}

interface Query {
  name: string;
  run: () => Promise<number>;
  note?: string;
}

async function get(baseUrl: string, token: string, path: string): Promise<number> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { items?: unknown[]; steps?: unknown[] };
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.items?.length ?? body.steps?.length ?? 1;
}

/**
 * The fleet overview: the dashboard's own endpoint when the server has one
 * (GET /api/v1/overview), else the summary queries such a page needs, timed
 * straight against the database.
 */
async function overviewQuery(baseUrl: string, token: string, sql: Sql, onlineWithinSeconds: number): Promise<Query> {
  const probe = await fetch(`${baseUrl}/overview`, { headers: { authorization: `Bearer ${token}` } });
  await probe.arrayBuffer();
  if (probe.status === 200) return { name: 'fleet overview', run: () => get(baseUrl, token, '/overview') };
  return {
    name: 'fleet overview',
    note: `GET /api/v1/overview answered ${probe.status}: timed its SQL equivalent (host counts by online/version/config, last 24 h of reloads by outcome)`,
    run: async () => {
      const hosts = await sql`
        SELECT count(*) FILTER (WHERE last_heartbeat_at > now() - make_interval(secs => ${onlineWithinSeconds})) AS online, count(*) AS total,
               count(DISTINCT config_hash) AS configs, count(DISTINCT haproxy_version) AS versions
        FROM hosts`;
      const reloads = await sql`
        SELECT outcome, count(*) AS n, sum(failed_requests) AS failed FROM reload_results
        WHERE finished_at > now() - interval '24 hours' GROUP BY outcome`;
      return hosts.length + reloads.length;
    },
  };
}

export interface StatusQueryContext {
  apiUrl: string;
  viewerToken: string;
  sql: Sql;
  rolloutId: string;
  onlineWithinSeconds: number;
  samples: number;
}

export async function timeStatusQueries(context: StatusQueryContext): Promise<StatusQueryFigure[]> {
  const { apiUrl, viewerToken, sql } = context;
  const call = (path: string) => () => get(apiUrl, viewerToken, path);
  const [middle] = await sql<{ name: string }[]>`SELECT name FROM hosts ORDER BY name OFFSET (SELECT count(*) / 2 FROM hosts) LIMIT 1`;
  const hostCursor = Buffer.from(JSON.stringify([middle.name])).toString('base64url');
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const queries: Query[] = [
    await overviewQuery(apiUrl, viewerToken, sql, context.onlineWithinSeconds),
    { name: 'hosts: first page', run: call('/hosts?limit=50') },
    { name: 'hosts: page in the middle', run: call(`/hosts?limit=50&cursor=${hostCursor}`) },
    { name: 'hosts: offline', run: call('/hosts?limit=50&online=false') },
    { name: 'rollout detail', run: call(`/rollouts/${context.rolloutId}`) },
    { name: 'reloads: newest', run: call('/reloads?limit=50') },
    { name: 'reloads: one host', run: call(`/reloads?limit=50&host=${encodeURIComponent(middle.name)}`) },
    { name: 'reloads: failed, last 30 days', run: call(`/reloads?limit=50&outcome=failed&since=${encodeURIComponent(monthAgo)}`) },
    { name: 'reloads: a week, 30 days ago', run: call(`/reloads?limit=50&since=${encodeURIComponent(monthAgo)}&until=${encodeURIComponent(weekAgo)}`) },
  ];
  const figures: StatusQueryFigure[] = [];
  for (const query of queries) {
    // Warm-up: the first call pays for plan caching and cold pages, which a dashboard pays once.
    for (let i = 0; i < 3; i++) await query.run();
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < context.samples; i++) {
      const started = performance.now();
      rows = await query.run();
      times.push(performance.now() - started);
    }
    if (process.env.FLEET_DEBUG) process.stdout.write(`  ${query.name}: ${times.map((t) => t.toFixed(0)).join(' ')}\n`);
    figures.push({ name: query.name, rows, p50_ms: quantile(times, 0.5), p99_ms: quantile(times, 0.99), ...(query.note && { note: query.note }) });
  }
  return figures;
}
