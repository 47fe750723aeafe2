// `--window`: a maintenance window short enough to watch close mid-rollout.
// It is a real recurring window on the server's real clock (the scheduler's
// clock can only be injected in-process), so it opens at the next whole minute,
// stays open one minute, and opens again two minutes later.
import type { ApiClient } from '../support/api-client';
import { clockTime } from './demo-rollout';

/** Long enough that the canary and one batch fit in the minute, and the next boundary falls after it closes. */
export const WINDOW_PAUSE_SECONDS = 35;

/** Two one-minute openings: from the next whole minute, and two minutes after that. */
export function demoWindowSchedule(now: Date): { cron: string; openings: [Date, Date] } {
  const first = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
  const second = new Date(first.getTime() + 2 * 60_000);
  return { cron: `${first.getUTCMinutes()},${second.getUTCMinutes()} * * * *`, openings: [first, second] };
}

export async function createDemoWindow(api: ApiClient, say: (line: string) => void, now = new Date()): Promise<string> {
  const { cron, openings } = demoWindowSchedule(now);
  const window = { kind: 'recurring', cron, durationMinutes: 1, timeZone: 'UTC' };
  const response = await api.post<{ id: string }>('/windows', { name: `demo-window-${now.getTime()}`, window });
  if (response.status !== 201) throw new Error(`POST /api/v1/windows answered ${response.status}: ${JSON.stringify(response.body)}`);
  const span = (start: Date) => `${clockTime(start)}-${clockTime(new Date(start.getTime() + 60_000))}`;
  say(`maintenance window "${cron}" UTC, 1 minute each: open ${span(openings[0])} and ${span(openings[1])}`);
  say(`the rollout pauses ${WINDOW_PAUSE_SECONDS} s between batches, so the window closes at a batch boundary and the rest waits for the next opening`);
  return response.body.id;
}
