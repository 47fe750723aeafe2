// Suites that call an agent directly, as the server's scheduler would, record the
// call as the scheduler does (a step_dispatches row, written before each Reload
// call): the gateway takes a result only for a reload id sent to that host.
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../../apps/server/src/database/sql-client';

/** Records that `reloadId` was sent to each of `hostNames`, under a finished rollout the scheduler leaves alone. */
export async function recordDispatch(sql: Sql, reloadId: string, ...hostNames: string[]): Promise<void> {
  const rolloutId = randomUUID();
  await sql`INSERT INTO rollouts (id, name, spec, state, created_by, finished_at) VALUES (${rolloutId}, ${`test dispatch of ${reloadId}`}, '{}'::jsonb, 'succeeded', 'test', now())`;
  for (const hostName of hostNames) {
    await sql`INSERT INTO step_dispatches (rollout_id, host_name, reload_id, replica, epoch) VALUES (${rolloutId}, ${hostName}, ${reloadId}, 'test', 0)`;
  }
}
