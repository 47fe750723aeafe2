// Everything the demo runs before the rollout: Postgres (embedded, or
// DATABASE_URL), the server process, an operator token, and the fleet of load
// balancers with their agent processes. Each piece registers its own undo.
import { ApiTokensRepository } from '../../apps/server/src/api-tokens/api-tokens.repository';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase } from '../support/test-database';
import type { TeardownStack } from './teardown-stack';

export interface DemoStack {
  server: ServerProcess;
  sql: Sql;
  operatorToken: string;
  fleet: LabFleet;
}

export async function startDemoStack(hostNames: string[], teardown: TeardownStack, say: (line: string) => void): Promise<DemoStack> {
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    say('Postgres: DATABASE_URL');
  } else {
    const db = await startTestDatabase();
    teardown.add('embedded Postgres', () => db.stop());
    databaseUrl = db.url;
    say('Postgres: embedded, in a temp dir');
  }

  // HTTPS as in production: the certificate comes from the server's own CA, which clients are given.
  const server = await createServerProcess({ databaseUrl, replicaName: 'demo', https: true });
  teardown.add('the server', () => server.close());
  say(`server: REST API ${server.httpUrl}/api/v1 (HTTPS; its CA: ${server.caFile}), agents' gRPC (mTLS) ${server.grpcAddress}`);

  const sql = createSql(databaseUrl, { max: 2 });
  teardown.add('the database client', () => sql.end({ timeout: 5 }));
  // The same record `hitless-server api-token --role operator` creates, without a second server start-up.
  const operatorToken = (await new ApiTokensRepository(sql).create(sql, `demo-operator-${process.pid}`, 'operator', 'demo')).token;

  say(`starting ${hostNames.length} load balancers: network namespace, 2 backends, HAProxy -Ws -S, agent process enrolled with a join token...`);
  const fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: hostNames, agentProcesses: true });
  teardown.add('the lab fleet', () => fleet.close());
  return { server, sql, operatorToken, fleet };
}
