// Client traffic through every load balancer of a fault test, counted by the
// clients themselves (not by the agents' probes): a new connection per request
// (Connection: close), so every reload's accept path is exercised.
import { startProbe, type ProbeFigures, type ProbeRun } from '@hitless/reload';
import { FLEET_FRONTEND_PORT, type FleetHost } from '../support/lab-fleet';

export const CLIENT_RATE_PER_HOST = 50;

export interface ClientTraffic {
  /** Stops every client and returns each host's figures. */
  stop(): Promise<Record<string, ProbeFigures>>;
}

export function startClientTraffic(hosts: readonly FleetHost[]): ClientTraffic {
  const runs = new Map<string, ProbeRun>(
    hosts.map((h) => [h.name, startProbe({ targets: [{ host: h.lab.address, port: FLEET_FRONTEND_PORT }], ratePerSecond: CLIENT_RATE_PER_HOST, client: 'close' })]),
  );
  let stopping: Promise<Record<string, ProbeFigures>> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        const figures: Record<string, ProbeFigures> = {};
        for (const [name, run] of runs) figures[name] = await run.stop();
        return figures;
      })();
      return stopping;
    },
  };
}

/** requests/failed/errors per host, for the report line a fault test prints. */
export function describeTraffic(figures: Record<string, ProbeFigures>): Record<string, { requests: number; failed: number; errors: Record<string, number> }> {
  return Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, { requests: f.requests, failed: f.failed, errors: f.errors }]));
}
