// Reading a rollout back the way users do (REST API) and the way the records
// are kept (Postgres): its state, its steps, who was sent what, and how many
// results each reload id has.
import { TERMINAL_ROLLOUT_STATES, type RolloutState } from '@hitless/api-contract';
import type { Sql } from '../../apps/server/src/database/sql-client';
import type { ApiClient } from '../support/api-client';
import { eventually } from '../support/eventually';

export interface RolloutDetail {
  rollout: { id: string; state: RolloutState; summary: string | null };
  steps: { hostName: string; batch: number; state: string; failureReasons?: string[] | null; reloadResult?: { outcome?: string; error?: string } | null }[];
}

export async function createRollout(api: ApiClient, name: string, spec: Record<string, unknown>): Promise<string> {
  const response = await api.post<{ id: string }>('/rollouts', { name, spec });
  if (response.status !== 201) throw new Error(`creating rollout ${name}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

export async function rolloutDetail(api: ApiClient, id: string): Promise<RolloutDetail> {
  const response = await api.get<RolloutDetail>(`/rollouts/${id}`);
  if (response.status !== 200) throw new Error(`GET /rollouts/${id}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Waits until a step of the rollout was claimed and sent to its agent, and its answer is not recorded yet. */
export function stepInFlight(sql: Sql, id: string): Promise<true> {
  return eventually(
    'a step in flight',
    async () => {
      const [row] = await sql`SELECT 1 FROM rollout_steps s WHERE s.rollout_id = ${id} AND s.state = 'dispatched'
                              AND NOT EXISTS (SELECT 1 FROM reload_results r WHERE r.reload_id = s.reload_id AND r.host_name = s.host_name)
                              AND EXISTS (SELECT 1 FROM step_dispatches d WHERE d.reload_id = s.reload_id)`;
      return row ? true : undefined;
    },
    60_000,
    20,
  );
}

/** Waits until one host's step of the rollout has succeeded. */
export function stepSucceeded(sql: Sql, id: string, hostName: string, label: string): Promise<true> {
  return eventually(
    label,
    async () => ((await sql`SELECT 1 FROM rollout_steps WHERE rollout_id = ${id} AND host_name = ${hostName} AND state = 'succeeded'`).length ? true : undefined),
    90_000,
  );
}

/** Waits (generously: two shared cores) until the rollout reaches a final state, read through the API. */
export function finalRollout(api: ApiClient, id: string, timeoutMs = 150_000): Promise<RolloutDetail> {
  return eventually(`rollout ${id} to finish`, async () => {
    const detail = await rolloutDetail(api, id);
    return TERMINAL_ROLLOUT_STATES.includes(detail.rollout.state) ? detail : undefined;
  }, timeoutMs, 250);
}

export function stepState(detail: RolloutDetail): Record<string, string> {
  return Object.fromEntries(detail.steps.map((s) => [s.hostName, s.state]));
}

export interface StepRecord {
  host_name: string;
  state: string;
  reload_id: string | null;
  outcome: string | null;
}

export function stepRecords(sql: Sql, rolloutId: string): Promise<StepRecord[]> {
  return sql<StepRecord[]>`
    SELECT s.host_name, s.state, s.reload_id, r.outcome FROM rollout_steps s LEFT JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name
    WHERE s.rollout_id = ${rolloutId} ORDER BY s.host_name`;
}

/** Distinct reload ids sent to each host for this rollout's forward steps (more than one would mean a step applied twice). */
export async function reloadIdsSent(sql: Sql, rolloutId: string): Promise<Record<string, string[]>> {
  const rows = await sql<{ host_name: string; ids: string[] }[]>`
    SELECT host_name, array_agg(DISTINCT reload_id ORDER BY reload_id) AS ids FROM step_dispatches
    WHERE rollout_id = ${rolloutId}
      AND reload_id NOT IN (SELECT rollback_reload_id FROM rollout_steps WHERE rollout_id = ${rolloutId} AND rollback_reload_id IS NOT NULL)
    GROUP BY host_name ORDER BY host_name`;
  return Object.fromEntries(rows.map((r) => [r.host_name, r.ids]));
}

/** For each dispatched step: how many result rows its reload id has, and how often the agent delivered it. */
export async function resultsPerStep(sql: Sql, rolloutId: string): Promise<Record<string, { rows: number; outcome: string | null }>> {
  const rows = await sql<{ host_name: string; rows: number; outcome: string | null }[]>`
    SELECT s.host_name, count(r.reload_id)::int AS rows, max(r.outcome) AS outcome
    FROM rollout_steps s LEFT JOIN reload_results r ON r.reload_id = s.reload_id
    WHERE s.rollout_id = ${rolloutId} AND s.reload_id IS NOT NULL GROUP BY s.host_name ORDER BY s.host_name`;
  return Object.fromEntries(rows.map((r) => [r.host_name, { rows: r.rows, outcome: r.outcome }]));
}
