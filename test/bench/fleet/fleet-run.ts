// One fleet size end to end: a server process on a fresh database, N simulated
// hosts enrolled through it, one rollout over all of them in batches of 10%,
// then the reload history filled to the target size and the dashboard's status
// queries timed against it.
import { createLogger } from '@hitless/log';
import { readFile } from 'node:fs/promises';
import { createSql, type Sql } from '../../../apps/server/src/database/sql-client';
import { apiClient } from '../../support/api-client';
import { createTestTokens } from '../../support/api-tokens';
import { createServerProcess, type ServerProcess } from '../../support/server-process';
import type { BenchPostgres } from './bench-database';
import type { FleetRunReport } from './fleet-types';
import { cpuMs, memoryMb, sampleRss } from './process-usage';
import { quantile } from './quantile';
import { seedHistory } from './seed-history';
import { startSimulatedFleet, type SimulatedFleet } from './simulator/simulated-fleet';
import { timeStatusQueries } from './status-queries';

export interface FleetRunOptions {
  agents: number;
  reloadMs: number;
  historyRows: number;
  querySamples: number;
  /** The server's heartbeat interval; its startup grace (3 intervals) passes before the rollout starts. */
  heartbeatSeconds: number;
  /** Progress lines for the operator. */
  say: (line: string) => void;
}

const OFFLINE_AFTER_HEARTBEATS = 3;
const ENROL_CONCURRENCY = 16;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each host's own reload time: the mean +-10%, spread evenly and reproducibly over the fleet. */
export function hostReloadMs(meanMs: number, index: number): number {
  const spread = (index * 0.6180339887) % 1;
  return Math.round(meanMs * (0.9 + 0.2 * spread));
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

async function growingTables(sql: Sql): Promise<{ rows: number; bytes: number }> {
  const [row] = await sql<{ rows: number; bytes: number }[]>`
    SELECT (SELECT count(*) FROM reload_results) + (SELECT count(*) FROM rollout_steps) + (SELECT count(*) FROM step_dispatches) AS rows,
           pg_total_relation_size('reload_results') + pg_total_relation_size('rollout_steps') + pg_total_relation_size('step_dispatches') AS bytes`;
  return { rows: Number(row.rows), bytes: Number(row.bytes) };
}

/** Agent connections the server holds open and ready, from its /metrics. */
async function readyAgentChannels(httpUrl: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  return Number(/^hitless_server_agent_channels\{state="ready"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

export async function runFleet(postgres: BenchPostgres, options: FleetRunOptions): Promise<FleetRunReport> {
  const { agents, say, heartbeatSeconds } = options;
  const database = await postgres.createDatabase(`hitless_fleet_${agents}_${process.pid}`);
  let server: ServerProcess | undefined;
  let fleet: SimulatedFleet | undefined;
  const sql = createSql(database.url, { max: 4 });
  try {
    const serverStarted = Date.now();
    server = await createServerProcess({
      databaseUrl: database.url,
      replicaName: `fleet-bench-${agents}`,
      // FLEET_SERVER_PROFILE_DIR=dir: the server writes a V8 CPU profile there when it stops.
      nodeArgs: process.env.FLEET_SERVER_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FLEET_SERVER_PROFILE_DIR}`] : [],
      extra: { heartbeatSeconds, offlineAfterHeartbeats: OFFLINE_AFTER_HEARTBEATS, schedulerTickMs: 500, leaseTtlMs: 10_000, logLevel: 'info' },
    });
    const pid = server.pid();
    if (pid === undefined) throw new Error('the server process has no pid');
    const tokens = await createTestTokens(sql);
    const admin = apiClient(`${server.httpUrl}/api/v1`, tokens.admin);
    const caCertPem = await readFile(server.caFile, 'utf8');
    const hostNames = Array.from({ length: agents }, (_, i) => `sim-${String(i + 1).padStart(5, '0')}`);
    const reloadMsByHost = new Map(hostNames.map((name, i) => [name, hostReloadMs(options.reloadMs, i)]));

    say(`  enrolling ${agents} simulated hosts`);
    const enrolStarted = Date.now();
    const enrolCpu0 = await cpuMs(pid);
    fleet = await startSimulatedFleet({
      hostNames,
      reloadMsOf: (name) => reloadMsByHost.get(name) ?? options.reloadMs,
      heartbeatSeconds,
      gateway: { address: server.grpcAddress, serverName: 'hitless-server', caCertPem },
      issueJoinToken: async (hostName) => {
        const response = await admin.post<{ token: string }>('/join-tokens', { hostName });
        if (response.status !== 201 && response.status !== 200) throw new Error(`join token for ${hostName}: ${response.status} ${JSON.stringify(response.body)}`);
        return response.body.token;
      },
      concurrency: ENROL_CONCURRENCY,
      log: createLogger({ service: 'fleet-simulator', level: 'warn' }),
    });
    const enrolSeconds = (Date.now() - enrolStarted) / 1000;
    // Labels are the operator's setup, not part of what is measured.
    await sql`UPDATE hosts SET labels = '{"fleet": "bench"}'::jsonb`;
    await waitFor('every host online with an address', 60_000, async () => {
      const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM hosts WHERE agent_address IS NOT NULL AND last_heartbeat_at > now() - make_interval(secs => ${heartbeatSeconds * OFFLINE_AFTER_HEARTBEATS})`;
      return row.n === agents ? true : undefined;
    });
    // The scheduler connects to each agent it hears from and keeps the connection.
    await waitFor('a connection to every agent', 120_000, async () => ((await readyAgentChannels(server!.httpUrl)) === agents ? true : undefined));
    const enrolAndConnectCpuMs = ((await cpuMs(pid)) - enrolCpu0) / agents;

    const idleCpu0 = await cpuMs(pid);
    // A whole heartbeat interval: every host beats once in it, however their phases fell at enrolment.
    const idleSeconds = Math.max(5, heartbeatSeconds);
    await sleep(idleSeconds * 1000);
    const idleCpuPerSecond = ((await cpuMs(pid)) - idleCpu0) / idleSeconds;
    // A fresh server decides nothing until it has had time to hear every heartbeat (its startup grace);
    // a rollout created earlier would only measure that wait.
    await sleep(Math.max(0, serverStarted + heartbeatSeconds * OFFLINE_AFTER_HEARTBEATS * 1000 + 1000 - Date.now()));

    say(`  rollout over ${agents} hosts, batches of 10%`);
    const before = await growingTables(sql);
    const rss = sampleRss(pid, 200);
    const cpu0 = await cpuMs(pid);
    const rolloutStarted = performance.now();
    const created = await apiClient(`${server.httpUrl}/api/v1`, tokens.operator).post<{ id: string }>('/rollouts', {
      name: `fleet-${agents}`,
      spec: {
        target: { labels: { fleet: 'bench' } },
        changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
        plan: { batchSize: { percent: 10 } },
        gates: { agentDeadlineSeconds: 120 },
        // Batches of 10% with no canary are wide from 110 hosts up: the benchmark means them, so it confirms its fleet.
        confirm: { hosts: agents },
      },
    });
    if (created.status !== 201) throw new Error(`creating the rollout: ${created.status} ${JSON.stringify(created.body)}`);
    const rolloutId = created.body.id;
    const final = await waitFor('the rollout to finish', 30 * 60_000, async () => {
      const [row] = await sql<{ state: string; wall_s: number | null }[]>`
        SELECT state, extract(epoch FROM finished_at - created_at)::float8 AS wall_s FROM rollouts WHERE id = ${rolloutId}`;
      return row.wall_s !== null && ['succeeded', 'failed', 'aborted', 'rolled-back'].includes(row.state) ? row : undefined;
    });
    const cpu1 = await cpuMs(pid);
    const rolloutSeconds = (performance.now() - rolloutStarted) / 1000;
    const rssMax = rss.stop();
    // Outboxes deliver right after the answer; wait for the last ones before counting.
    await waitFor('every result reported', 60_000, async () => (fleet!.hosts.every((h) => h.pendingReports === 0) ? true : undefined));
    const after = await growingTables(sql);
    const memory = await memoryMb(pid);

    const steps = await sql<{ host_name: string; batch: number; state: string; latency_ms: number | null }[]>`
      SELECT s.host_name, s.batch, s.state, extract(epoch FROM r.received_at - s.dispatched_at)::float8 * 1000 AS latency_ms
      FROM rollout_steps s LEFT JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name WHERE s.rollout_id = ${rolloutId}`;
    const [recorded] = await sql<{ once: number }[]>`
      SELECT count(*)::int AS once FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name
      WHERE s.rollout_id = ${rolloutId} AND r.deliveries = 1`;
    const latencies = steps.flatMap((s) => (s.latency_ms === null ? [] : [s.latency_ms]));
    const overheads = steps.flatMap((s) => (s.latency_ms === null ? [] : [s.latency_ms - (reloadMsByHost.get(s.host_name) ?? 0)]));
    const slowestByBatch = new Map<number, number>();
    for (const step of steps) slowestByBatch.set(step.batch, Math.max(slowestByBatch.get(step.batch) ?? 0, reloadMsByHost.get(step.host_name) ?? 0));
    const idealSeconds = [...slowestByBatch.values()].reduce((sum, ms) => sum + ms, 0) / 1000;
    if (process.env.FLEET_DEBUG) {
      // Where a batch boundary's time goes: claim, arrival at the hosts, answers, settling.
      const received = new Map(fleet.hosts.flatMap((h) => [...h.reloads.values()].map((r) => [h.hostName, r.receivedAt] as const)));
      const rows = await sql<{ host_name: string; batch: number; d: Date; a: Date; f: Date }[]>`
        SELECT s.host_name, s.batch, s.dispatched_at AS d, r.received_at AS a, s.finished_at AS f
        FROM rollout_steps s LEFT JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name WHERE s.rollout_id = ${rolloutId}`;
      const base = Math.min(...rows.map((r) => r.d.getTime()));
      for (let b = 0; b < 10; b++) {
        const inBatch = rows.filter((r) => r.batch === b);
        const ms = (xs: number[]) => `${Math.round(Math.min(...xs) - base)}..${Math.round(Math.max(...xs) - base)}`;
        say(`  batch ${b}: claimed ${ms(inBatch.map((r) => r.d.getTime()))} received ${ms(inBatch.map((r) => received.get(r.host_name) ?? NaN))} answered ${ms(inBatch.map((r) => r.a.getTime()))} settled ${ms(inBatch.map((r) => r.f.getTime()))}`);
      }
    }
    const records = fleet.hosts.flatMap((host) => [...host.reloads.values()]);

    say(`  rollout ${final.state} in ${final.wall_s?.toFixed(1)} s; filling history to ${options.historyRows} rows`);
    const seed = await seedHistory(sql, options.historyRows);
    say(`  seeded ${seed.seeded} rows in ${seed.seconds.toFixed(0)} s; timing status queries`);
    const viewer = tokens.viewer;
    const statusQueries = await timeStatusQueries({
      apiUrl: `${server.httpUrl}/api/v1`,
      viewerToken: viewer,
      sql,
      rolloutId,
      onlineWithinSeconds: heartbeatSeconds * OFFLINE_AFTER_HEARTBEATS,
      samples: options.querySamples,
    });
    const [{ total }] = await sql<{ total: number }[]>`SELECT count(*)::int AS total FROM reload_results`;

    return {
      agents,
      per_host_cpu_ms: Math.round(((cpu1 - cpu0) / agents) * 100) / 100,
      dispatch_to_recorded_ms: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
      rollout_wall_s: Math.round((final.wall_s ?? NaN) * 100) / 100,
      rollout_ideal_s: Math.round(idealSeconds * 100) / 100,
      db_bytes_per_reload: Math.round((after.bytes - before.bytes) / agents),
      server_rss_mb: Math.round(Math.max(rssMax, memory.rssMb) * 10) / 10,
      status_queries: statusQueries,
      extra: {
        rollout_state: final.state,
        batches: slowestByBatch.size,
        dispatch_overhead_ms: { p50: quantile(overheads, 0.5), p99: quantile(overheads, 0.99) },
        db_rows_per_reload: Math.round(((after.rows - before.rows) / agents) * 100) / 100,
        idle_cpu_ms_per_s: Math.round(idleCpuPerSecond * 10) / 10,
        per_host_cpu_net_of_idle_ms: Math.round(((cpu1 - cpu0 - idleCpuPerSecond * rolloutSeconds) / agents) * 100) / 100,
        server_rss_peak_mb: Math.round(memory.peakMb * 10) / 10,
        enrol_s: Math.round(enrolSeconds * 10) / 10,
        enrol_and_connect_cpu_ms: Math.round(enrolAndConnectCpuMs * 100) / 100,
        history_rows: total,
        seed_s: Math.round(seed.seconds),
        heartbeat_seconds: heartbeatSeconds,
        checks: {
          hosts_succeeded: steps.filter((s) => s.state === 'succeeded').length,
          results_recorded_once: recorded.once,
          reloads_called_once: records.filter((r) => r.calls === 1).length,
          reports_delivered: records.filter((r) => r.reported).length,
        },
      },
    };
  } finally {
    await fleet?.stop();
    await server?.close();
    await sql.end({ timeout: 5 });
    await database.drop();
  }
}
