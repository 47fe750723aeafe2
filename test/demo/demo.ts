// `npm run demo`: the main job end to end with real processes. Postgres, the
// central server, and a fleet of load balancers (each a network namespace with
// its own 198.18.x address, HAProxy run as Debian's service runs it, two
// backends, and an agent daemon enrolled over mTLS). Client traffic flows
// through every load balancer while an operator's rollout, created through the
// REST API, switches backend `api` to leastconn canary first, then in batches.
// The clients count their own requests, apart from the agents' probes.
import { writeFile } from 'node:fs/promises';
import { sweepStaleLabHosts } from '@hitless/lab';
import { startProbe, type ProbeRun } from '@hitless/reload';
import { apiClient } from '../support/api-client';
import { FLEET_FRONTEND_PORT } from '../support/lab-fleet';
import { parseDemoOptions } from './demo-options';
import { clientTotals, formatTable, hostRows, rolloutState, type DemoReport } from './demo-report';
import { runDemoRollout } from './demo-rollout';
import { startDemoStack } from './demo-stack';
import { createDemoWindow, WINDOW_PAUSE_SECONDS } from './demo-window';
import { TeardownStack } from './teardown-stack';

const say = (text: string) => process.stdout.write(`${text}\n`);

class Interrupted extends Error {}

async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2));
  const teardown = new TeardownStack();
  // Ctrl-C lets the step in progress finish (so everything it started is known), then tears down.
  const interrupt = new AbortController();
  const interrupted = new Promise<void>((resolve) => interrupt.signal.addEventListener('abort', () => resolve()));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: under `npm run` the signal can arrive twice (the terminal's, and npm's
    // forwarded copy), and a second one without a listener would kill the demo mid-teardown.
    process.on(signal, () => {
      if (interrupt.signal.aborted) return;
      say(`\n${signal}: tearing down...`);
      interrupt.abort();
    });
  }
  const checkpoint = () => {
    if (interrupt.signal.aborted) throw new Interrupted();
  };

  try {
    const swept = await sweepStaleLabHosts();
    if (swept.length) say(`removed ${swept.length} lab namespaces a crashed earlier run left`);
    const names = Array.from({ length: options.hosts }, (_, i) => `lb${i + 1}`);
    const stack = await startDemoStack(names, teardown, say);
    checkpoint();
    const addresses = new Map(stack.fleet.hosts.map((h) => [h.name, h.lab.address]));
    for (const host of stack.fleet.hosts) say(`  ${host.name}  ${host.lab.address}:${FLEET_FRONTEND_PORT}  netns ${host.lab.netns}  agent enrolled`);

    say(`live client traffic: ${options.clientRate} new connections/s to every load balancer (Connection: close)`);
    const clients: ProbeRun[] = stack.fleet.hosts.map((h) =>
      startProbe({ targets: [{ host: h.lab.address, port: FLEET_FRONTEND_PORT }], ratePerSecond: options.clientRate, client: 'close' }),
    );
    let clientsStopped = false;
    const stopClients = async () => {
      clientsStopped = true;
      return Promise.all(clients.map((c) => c.stop()));
    };
    teardown.add('the clients', async () => {
      if (!clientsStopped) await stopClients();
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    checkpoint();

    const api = apiClient(`${stack.server.httpUrl}/api/v1`, stack.operatorToken, stack.server.caFile);
    const window = options.window ? { id: await createDemoWindow(api, say), pauseBetweenBatchesSeconds: WINDOW_PAUSE_SECONDS } : undefined;
    const view = await runDemoRollout({ api, hosts: names, algorithm: options.algorithm, say, timeoutMs: window ? 420_000 : 180_000, signal: interrupt.signal, window });
    checkpoint();
    // Let requests that started during the last reload finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const report: DemoReport = {
      rollout: { id: view.rollout.id, state: rolloutState(view) },
      hosts: hostRows(view, addresses),
      clients: clientTotals(await stopClients()),
    };
    say('');
    say(formatTable(report));
    if (options.jsonPath) await writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    const ok = report.rollout.state === 'succeeded' && report.clients.failed === 0;
    if (!options.exit) {
      say('');
      const { httpUrl, caFile } = stack.server;
      say(`dashboard:         ${httpUrl}/dashboard#/rollouts/${view.rollout.id}  (sign in with the operator token below)`);
      say(`                   the certificate is from the server's own CA: a browser warns unless it trusts ${caFile}`);
      say(`operator token:    ${stack.operatorToken}`);
      say(`  e.g. curl --cacert ${caFile} -H 'authorization: Bearer ${stack.operatorToken}' ${httpUrl}/api/v1/rollouts/${view.rollout.id}`);
      say(`  or   HITLESS_SERVER=${httpUrl} HITLESS_CA_FILE=${caFile} HITLESS_TOKEN=${stack.operatorToken} npm run hitless -- rollout status ${view.rollout.id}`);
      say('the fleet keeps running; press Ctrl-C to tear everything down');
      await interrupted;
    }
    return ok ? 0 : 1;
  } catch (error) {
    if (error instanceof Interrupted) return 130;
    throw error;
  } finally {
    const problems = await teardown.close();
    for (const problem of problems) process.stderr.write(`demo: cleaning up ${problem}\n`);
    if (problems.length === 0) say('torn down: namespaces, processes, Postgres and temp dirs are gone');
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
