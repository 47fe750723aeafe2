// The agent's footprint, packaged bundle against the sources under tsx, measured
// the same way on this machine: both start as `hitless-agent run --config FILE`
// with the same node (this one), against one server and one lab load balancer
// (master-worker HAProxy in a network namespace). Printed per start: time until
// the gRPC port listens and until the server has its first heartbeat, resident
// memory when idle, and the peak while it performs one reload (a set-balance
// rollout through the REST API). `npm run build` first (dist/agent).
//   npm run bench:agent-footprint -- [--runs N]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLabHost, loadBalancerConfig, startLabBackends, startLabHaproxy } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import { createSql } from '../../apps/server/src/database/sql-client';
import { JoinTokensRepository } from '../../apps/server/src/enrollment/join-tokens.repository';
import { apiClient } from '../support/api-client';
import { createTestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { createServerProcess } from '../support/server-process';
import { startTestDatabase } from '../support/test-database';

const ROOT = join(__dirname, '../..');
const VARIANTS: Record<string, string[]> = {
  bundle: [join(ROOT, 'dist/agent/hitless-agent.js')],
  tsx: ['--import', 'tsx', join(ROOT, 'apps/agent/src/main.ts')],
};

const rssKib = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const mib = (kib: number) => Math.round(kib / 102.4) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  const db = await startTestDatabase();
  const sql = createSql(db.url, { max: 2 });
  const server = await createServerProcess({ databaseUrl: db.url, replicaName: 'footprint' });
  const host = await createLabHost('footprint');
  const backends = await startLabBackends([9001, 9002], host.netns);
  const lb = await startLabHaproxy({ mode: 'master-worker', netns: host.netns, config: (dir) => loadBalancerConfig({ dir, frontendPort: 8080, backendPorts: [9001, 9002] }) });
  const dir = await mkdtemp(join(tmpdir(), 'hitless-footprint-'));
  const results: Record<string, { listeningMs: number[]; heartbeatMs: number[]; idleMiB: number[]; reloadPeakMiB: number[] }> = {};
  try {
    const api = apiClient(`${server.httpUrl}/api/v1`, (await createTestTokens(sql)).operator);
    let balance = 'roundrobin';
    for (let run = 0; run < runs; run++) {
      for (const [variant, args] of Object.entries(VARIANTS)) {
        const name = `fp-${variant}-${run}`;
        const configFile = join(dir, `${name}.json`);
        await writeFile(
          configFile,
          JSON.stringify({
            hostName: name,
            stateDir: join(dir, name),
            listen: '127.0.0.1:0',
            metricsListen: 'off',
            server: { address: server.grpcAddress, caFile: server.caFile },
            joinToken: (await new JoinTokensRepository(sql).issue(name, 60_000)).token,
            heartbeatSeconds: 1,
            haproxy: { configPath: lb.configPath, masterSocket: lb.masterSocket, netns: host.netns, probeHost: host.address },
          }),
        );
        const started = Date.now();
        const agent = new SystemProcessRunner().spawn(process.execPath, [...args, 'run', '--config', configFile], { cwd: ROOT, stdio: 'pipe', env: { ...(process.env as Record<string, string>), HITLESS_LOG_LEVEL: 'info' } });
        try {
          await eventually(`${name} to listen`, async () => (agent.output().stderr.includes('"agent listening"') ? true : undefined), 60_000, 5);
          const listeningMs = Date.now() - started;
          await eventually(`${name} to heartbeat`, async () => ((await sql`SELECT 1 FROM hosts WHERE name = ${name} AND last_heartbeat_at IS NOT NULL`).length ? true : undefined), 60_000, 10);
          const heartbeatMs = Date.now() - started;
          await new Promise((resolve) => setTimeout(resolve, 5000));
          const idle = await rssKib(agent.pid);
          balance = balance === 'roundrobin' ? 'leastconn' : 'roundrobin';
          let peak = idle;
          const sampler = setInterval(() => void rssKib(agent.pid).then((kib) => (peak = Math.max(peak, kib)), () => undefined), 10);
          const created = await api.post<{ id: string }>('/rollouts', { name, spec: { target: { hosts: [name] }, changes: [{ kind: 'set-balance', backend: 'api', balance }], plan: { canary: { count: 1 }, batchSize: { count: 1 } } } });
          const state = await eventually(`${name}'s rollout`, async () => {
            const rollout = (await api.get<{ rollout: { state: string } }>(`/rollouts/${created.body.id}`)).body.rollout.state;
            return ['succeeded', 'failed', 'rolled-back', 'aborted'].includes(rollout) ? rollout : undefined;
          }, 60_000, 50);
          clearInterval(sampler);
          if (state !== 'succeeded') throw new Error(`${name}'s rollout ended ${state}`);
          const figures = (results[variant] ??= { listeningMs: [], heartbeatMs: [], idleMiB: [], reloadPeakMiB: [] });
          figures.listeningMs.push(listeningMs);
          figures.heartbeatMs.push(heartbeatMs);
          figures.idleMiB.push(mib(idle));
          figures.reloadPeakMiB.push(mib(peak));
        } finally {
          await agent.stop('SIGTERM', 10_000);
        }
      }
    }
    const summary = Object.fromEntries(Object.entries(results).map(([variant, f]) => [variant, { runs: f, median: { listeningMs: median(f.listeningMs), heartbeatMs: median(f.heartbeatMs), idleMiB: median(f.idleMiB), reloadPeakMiB: median(f.reloadPeakMiB) } }]));
    process.stdout.write(`${JSON.stringify({ node: process.version, ...summary }, null, 2)}\n`);
  } finally {
    await lb.stop();
    await backends.stop();
    await host.destroy();
    await server.close();
    await sql.end({ timeout: 5 });
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
