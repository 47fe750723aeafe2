// `npm run demo`: a small fleet of load balancers, each a network namespace
// with its own 198.18.x address running HAProxy in master-worker mode (as
// Debian's haproxy.service does) in front of two backend servers, under live
// client traffic. The engine switches backend `api` from roundrobin to
// leastconn on every host, canary first, then the rest; the clients count
// every request themselves. Until the central server and its dashboard exist,
// the rollout is driven from here, host by host, with the reload engine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBalance } from '@hitless/haproxy';
import { createLabHost, LabHaproxy, LabHost, loadBalancerConfig, startLabBackends, startLabHaproxy, sweepStaleLabHosts } from '@hitless/lab';
import { ProbeRun, ReloadEngine, startProbe } from '@hitless/reload';
import { clientTotals, DemoReport, formatTable, hostRow } from './demo-report';
import { parseDemoOptions } from './demo-options';

interface DemoHost {
  host: LabHost;
  processes: LabHaproxy[];
  engine?: ReloadEngine;
  clients?: ProbeRun;
}

const FRONTEND_PORT = 80;
const BACKEND_PORTS = [8001, 8002];
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2));
  const balance = parseBalance(options.algorithm);
  const fleet: DemoHost[] = [];
  const stateRoot = await mkdtemp(join(tmpdir(), 'hitless-demo-'));
  let tornDown = false;
  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    for (const member of fleet) {
      await member.clients?.stop();
      for (const p of member.processes) await p.stop();
      await member.host.destroy();
    }
    await rm(stateRoot, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void teardown().then(() => process.exit(130)));

  try {
    await sweepStaleLabHosts();
    say(`starting ${options.hosts} load balancers (network namespaces on 198.18.0.0/15)...`);
    for (let i = 1; i <= options.hosts; i++) {
      const member: DemoHost = { host: await createLabHost(`lb${i}`), processes: [] };
      fleet.push(member);
      member.processes.push(await startLabBackends(BACKEND_PORTS, member.host.netns));
      const lb = await startLabHaproxy({
        mode: 'master-worker',
        netns: member.host.netns,
        config: (dir) => loadBalancerConfig({ dir, frontendPort: FRONTEND_PORT, backendPorts: BACKEND_PORTS }),
      });
      member.processes.push(lb);
      member.engine = await ReloadEngine.open({
        configPath: lb.configPath,
        stateDir: join(stateRoot, `lb${i}`),
        netns: member.host.netns,
        probeHost: member.host.address,
        probe: { ratePerSecond: 200, client: 'close', marginMs: 300 },
      });
      say(`  lb${i}  ${member.host.address}  HAProxy master-worker, backends web1 web2`);
    }

    say(`live client traffic: ${options.clientRate} requests/s to every load balancer`);
    for (const member of fleet) {
      member.clients = startProbe({ targets: [{ host: member.host.address, port: FRONTEND_PORT }], ratePerSecond: options.clientRate, client: 'close' });
    }
    await new Promise((r) => setTimeout(r, 1000));

    const rolloutId = `demo-${Date.now()}`;
    const batches = [fleet.slice(0, 1), fleet.slice(1)].filter((b) => b.length > 0);
    say(`rollout ${rolloutId}: backend api -> balance ${options.algorithm}; canary ${fleet[0].host.name}, then ${batches.length - 1 ? 'the rest' : 'done'}`);
    const rows: DemoReport['hosts'] = [];
    let state: DemoReport['rollout']['state'] = 'succeeded';
    for (const [index, batch] of batches.entries()) {
      say(`  batch ${index + 1}/${batches.length}: ${batch.map((m) => m.host.name).join(', ')}`);
      const results = await Promise.all(
        batch.map(async (member) => {
          const result = await member.engine!.reload({ reloadId: `${rolloutId}-${member.host.name}`, changes: [{ kind: 'set-balance', backend: 'api', balance }] });
          const row = hostRow(member.host.name, member.host.address, result);
          say(`    ${row.name}: ${row.outcome} with ${row.strategy} in ${row.reload_ms} ms, ${row.requests_during_reload} probe requests, ${row.failed} failed`);
          return row;
        }),
      );
      rows.push(...results);
      if (results.some((r) => r.outcome !== 'succeeded' || r.failed > 0)) {
        state = 'aborted';
        say('  a host failed its gate (reload not succeeded, or a probe request failed): stopping the rollout');
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
    const figures = await Promise.all(fleet.map((m) => m.clients!.stop()));
    const report: DemoReport = { rollout: { id: rolloutId, state }, hosts: rows, clients: clientTotals(figures) };
    say('');
    say(formatTable(report));
    if (options.jsonPath) await writeFile(options.jsonPath, JSON.stringify(report, null, 2));
    if (!options.exit) say('\n(the dashboard comes with the central server; this demo drives the reload engine directly)');
    return state === 'succeeded' && report.clients.failed === 0 ? 0 : 1;
  } finally {
    await teardown();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`demo: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
