// `npm run demo`: a small fleet of load balancers, each a network namespace
// with its own 198.18.x address running HAProxy in master-worker mode (as
// Debian's haproxy.service does) in front of two backend servers, under live
// client traffic. The engine switches backend `api` from roundrobin to
// leastconn on every host, canary first, then the rest; the clients count
// every request themselves. Until the central server and its dashboard exist,
// the rollout is driven from here, host by host, with the reload engine.
import { writeFile } from 'node:fs/promises';
import { parseBalance } from '@hitless/haproxy';
import { LabLoadBalancer, openLabLoadBalancer, sweepStaleLabHosts } from '@hitless/lab';
import { ProbeRun, startProbe } from '@hitless/reload';
import { clientTotals, DemoReport, formatTable, hostRow } from './demo-report';
import { parseDemoOptions } from './demo-options';

interface DemoHost {
  lab: LabLoadBalancer;
  clients?: ProbeRun;
}

const FRONTEND_PORT = 80;
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2));
  const balance = parseBalance(options.algorithm);
  const fleet: DemoHost[] = [];
  let tornDown = false;
  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    for (const member of fleet) {
      await member.clients?.stop();
      await member.lab.close();
    }
  };
  process.once('SIGINT', () => void teardown().then(() => process.exit(130)));

  try {
    await sweepStaleLabHosts();
    say(`starting ${options.hosts} load balancers (network namespaces on 198.18.0.0/15)...`);
    for (let i = 1; i <= options.hosts; i++) {
      const lab = await openLabLoadBalancer({
        label: `lb${i}`,
        mode: 'master-worker',
        frontendPort: FRONTEND_PORT,
        engine: { probe: { ratePerSecond: 200, client: 'close', marginMs: 300 } },
      });
      fleet.push({ lab });
      say(`  lb${i}  ${lab.host.address}  HAProxy master-worker, backends web1 web2`);
    }

    say(`live client traffic: ${options.clientRate} requests/s to every load balancer`);
    for (const member of fleet) {
      member.clients = startProbe({ targets: [{ host: member.lab.host.address, port: FRONTEND_PORT }], ratePerSecond: options.clientRate, client: 'close' });
    }
    await new Promise((r) => setTimeout(r, 1000));

    const rolloutId = `demo-${Date.now()}`;
    const batches = [fleet.slice(0, 1), fleet.slice(1)].filter((b) => b.length > 0);
    say(`rollout ${rolloutId}: backend api -> balance ${options.algorithm}; canary ${fleet[0].lab.host.name}, then ${batches.length - 1 ? 'the rest' : 'done'}`);
    const rows: DemoReport['hosts'] = [];
    let state: DemoReport['rollout']['state'] = 'succeeded';
    for (const [index, batch] of batches.entries()) {
      say(`  batch ${index + 1}/${batches.length}: ${batch.map((m) => m.lab.host.name).join(', ')}`);
      const results = await Promise.all(
        batch.map(async (member) => {
          const result = await member.lab.engine.reload({ reloadId: `${rolloutId}-${member.lab.host.name}`, changes: [{ kind: 'set-balance', backend: 'api', balance }] });
          const row = hostRow(member.lab.host.name, member.lab.host.address, result);
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
