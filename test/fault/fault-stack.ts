// One fault suite's world: embedded Postgres (restartable), the server as a
// process (killable), an operator's REST client, and a fleet of lab load
// balancers with agent processes. close() undoes all of it, also after a failure.
import { sweepStaleLabHosts } from '@hitless/lab';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens } from '../support/api-tokens';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

export interface FaultStack {
  db: TestDatabase;
  server: ServerProcess;
  sql: Sql;
  api: ApiClient;
  fleet: LabFleet;
  close(): Promise<void>;
}

export interface FaultStackOptions {
  hosts: string[];
  agentNetwork: 'loopback' | 'veth';
}

export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  // A run that was killed (CI timeout) leaves namespaces named after its pid behind.
  await sweepStaleLabHosts();
  const undo: (() => Promise<void>)[] = [];
  const close = async () => {
    const problems: unknown[] = [];
    for (const step of undo.reverse()) await step().catch((error: unknown) => problems.push(error));
    if (problems.length) throw new AggregateError(problems, 'tearing down the fault stack failed');
  };
  try {
    const db = await startTestDatabase();
    undo.push(() => db.stop());
    const server = await createServerProcess({ databaseUrl: db.url, replicaName: 'fault' });
    undo.push(() => server.close());
    const sql = createSql(db.url, { max: 3 });
    undo.push(() => sql.end({ timeout: 5 }));
    const api = apiClient(`${server.httpUrl}/api/v1`, (await createTestTokens(sql)).operator);
    const fleet = await startLabFleet({
      sql,
      server: { address: server.grpcAddress, caFile: server.caFile },
      names: options.hosts,
      agentProcesses: true,
      agentNetwork: options.agentNetwork,
    });
    undo.push(() => fleet.close());
    return { db, server, sql, api, fleet, close };
  } catch (error) {
    await close().catch((problem: unknown) => process.stderr.write(`fault stack cleanup after a failed start: ${String(problem)}\n`));
    throw error;
  }
}
