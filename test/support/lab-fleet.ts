// A fleet of lab load balancers, each a network namespace with two backends,
// a master-worker HAProxy, and a real agent daemon enrolled with the server:
// in this process (fast, for suites that only need the gRPC side) or as a
// process of its own per host (the demo: what a real fleet runs). Agent
// processes can run inside their host's namespace, reaching the server only
// across the veth (the fault suite cuts hosts off that way), and can be killed
// and started again.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabHost, loadBalancerConfig, startLabBackends, startLabHaproxy, type LabHaproxy, type LabHost } from '@hitless/lab';
import { silentLogger } from '@hitless/log';
import { startDaemon } from '../../apps/agent/src/daemon';
import { JoinTokensRepository } from '../../apps/server/src/enrollment/join-tokens.repository';
import type { Sql } from '../../apps/server/src/database/sql-client';
import { startAgentProcess, type AgentProcess } from './agent-process';
import { eventually } from './eventually';
import { startTcpRelay } from './tcp-relay';

export const FLEET_FRONTEND_PORT = 8080;
const BACKEND_PORTS = [9001, 9002];

export interface FleetHost {
  name: string;
  lab: LabHost;
  lb: LabHaproxy;
  /** The running agent; replaced by startAgent after a kill. */
  agent: FleetAgent;
  /** The agent's config file (its state dir, certificate and outbox survive a restart). */
  configFile: string;
}

export interface FleetAgent {
  /** Agent processes only: the daemon's own pid. */
  pid?: number;
  stop(graceMs: number): Promise<void>;
  /** SIGKILL; agent processes only. */
  kill?(): Promise<void>;
}

export interface LabFleet {
  hosts: FleetHost[];
  /** Starts the host's agent again from its config file, as systemd would after a crash. */
  startAgent(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface LabFleetOptions {
  sql: Sql;
  /** Where agents reach the server, and the CA they trust. */
  server: { address: string; caFile: string };
  names: string[];
  labels?: Record<string, string>;
  /** Run each agent as `hitless-agent run` in a process of its own; default: in this process. */
  agentProcesses?: boolean;
  /**
   * loopback (default): agents run in the root namespace and talk to the server over 127.0.0.1.
   * veth: each agent process runs inside its host's namespace and listens on the host's address;
   * the server is reached through a relay on the veth, so a veth taken down cuts the host off.
   */
  agentNetwork?: 'loopback' | 'veth';
}

export async function startLabFleet(options: LabFleetOptions): Promise<LabFleet> {
  const dir = await mkdtemp(join(tmpdir(), 'hitless-fleet-'));
  const hosts: FleetHost[] = [];
  const agentProcesses: AgentProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const inNamespace = options.agentNetwork === 'veth';
  if (inNamespace && !options.agentProcesses) throw new Error('agentNetwork veth needs agentProcesses: a namespace is entered by a process');
  const startAgent = async (name: string, configFile: string, netns: string): Promise<FleetAgent> => {
    if (!options.agentProcesses) return inProcessAgent(configFile);
    const child = startAgentProcess(name, configFile, { netns: inNamespace ? netns : undefined });
    agentProcesses.push(child);
    return child;
  };
  const close = async () => {
    const problems: unknown[] = [];
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => problems.push(error));
    await rm(dir, { recursive: true, force: true });
    if (problems.length > 0) throw new AggregateError(problems, 'cleaning up the lab fleet failed');
  };
  try {
    const tokens = new JoinTokensRepository(options.sql);
    // Heartbeats from before this start (a shared DATABASE_URL's earlier run) do not count.
    const startedAt = new Date();
    for (const name of options.names) {
      const lab = await createLabHost(name.replace(/[^a-z0-9]/g, '').slice(-8));
      cleanups.push(() => lab.destroy());
      const backends = await startLabBackends(BACKEND_PORTS, lab.netns);
      cleanups.push(() => backends.stop());
      const lb = await startLabHaproxy({ mode: 'master-worker', netns: lab.netns, config: (labDir) => loadBalancerConfig({ dir: labDir, frontendPort: FLEET_FRONTEND_PORT, backendPorts: BACKEND_PORTS }) });
      cleanups.push(() => lb.stop());
      const configFile = join(dir, `${name}.json`);
      let serverAddress = options.server.address;
      let listen = '127.0.0.1:0';
      if (inNamespace) {
        const separator = serverAddress.lastIndexOf(':');
        const relay = await startTcpRelay(lab.gatewayAddress, { host: serverAddress.slice(0, separator), port: Number(serverAddress.slice(separator + 1)) });
        cleanups.push(() => relay.close());
        serverAddress = relay.address;
        listen = `${lab.address}:0`;
      }
      await writeFile(
        configFile,
        JSON.stringify({
          hostName: name,
          stateDir: join(dir, name),
          listen,
          metricsListen: 'off',
          server: { address: serverAddress, caFile: options.server.caFile },
          joinToken: (await tokens.issue(name, 60_000)).token,
          heartbeatSeconds: 1,
          outboxRetrySeconds: 0.2,
          haproxy: { configPath: lb.configPath, masterSocket: lb.masterSocket, netns: lab.netns, probeHost: lab.address },
        }),
      );
      const host: FleetHost = { name, lab, lb, configFile, agent: await startAgent(name, configFile, lab.netns) };
      cleanups.push(() => host.agent.stop(10_000));
      hosts.push(host);
    }
    const enrolled = await eventually('every agent to enrol and heartbeat', async () => {
      // An agent process that ended will never enrol: say why at once rather than time out.
      const dead = agentProcesses.find((child) => child.hasExited());
      if (dead) return dead;
      const rows = await options.sql`SELECT name FROM hosts WHERE name = ANY(${options.names}) AND last_heartbeat_at >= ${startedAt} AND agent_address IS NOT NULL`;
      return rows.length === options.names.length ? true : undefined;
    }, 60_000);
    if (enrolled !== true) throw new Error(`agent ${enrolled.name} ended before it enrolled: ${enrolled.stderr().slice(-2000)}`);
    if (options.labels) {
      await options.sql`UPDATE hosts SET labels = ${options.sql.json(options.labels)} WHERE name = ANY(${options.names})`;
    }
    return {
      hosts,
      startAgent: async (name) => {
        const host = hosts.find((h) => h.name === name);
        if (!host) throw new Error(`no fleet host ${name}`);
        host.agent = await startAgent(name, host.configFile, host.lab.netns);
      },
      close,
    };
  } catch (error) {
    const cleanupError = await close().then(() => undefined, (problem: unknown) => problem);
    if (cleanupError !== undefined) throw new AggregateError([error, cleanupError], 'starting the lab fleet failed, and so did its cleanup');
    throw error;
  }
}

async function inProcessAgent(configFile: string): Promise<FleetAgent> {
  const daemon = await startDaemon({ configFile, env: {}, log: silentLogger });
  return { stop: (graceMs) => daemon.stop(graceMs) };
}
