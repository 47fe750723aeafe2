// Many simulated hosts in one process: enrolled and started a few at a time
// (each enrolment is a real CSR signed by the server), stopped together.
import type { Logger } from '@hitless/log';
import { SimulatedHost, type SimulatorGateway } from './simulated-host';

export interface SimulatedFleetOptions {
  hostNames: readonly string[];
  /** Each host's own reload time. */
  reloadMsOf: (hostName: string, index: number) => number;
  heartbeatSeconds: number;
  gateway: SimulatorGateway;
  /** A fresh join token for the host, issued by the server. */
  issueJoinToken: (hostName: string) => Promise<string>;
  concurrency: number;
  log: Logger;
}

export interface SimulatedFleet {
  hosts: SimulatedHost[];
  stop(): Promise<void>;
}

/** Runs `work` over `items` with at most `limit` at once; the first failure rejects. */
export async function inBatches<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function startSimulatedFleet(options: SimulatedFleetOptions): Promise<SimulatedFleet> {
  const hosts = options.hostNames.map(
    (hostName, index) =>
      new SimulatedHost({ hostName, reloadMs: options.reloadMsOf(hostName, index), heartbeatSeconds: options.heartbeatSeconds, gateway: options.gateway, log: options.log }),
  );
  const stop = async () => {
    await Promise.all(hosts.map((host) => host.stop()));
  };
  try {
    await inBatches(hosts, options.concurrency, async (host) => {
      await host.start(await options.issueJoinToken(host.hostName));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { hosts, stop };
}
