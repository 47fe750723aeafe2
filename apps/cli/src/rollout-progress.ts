// A rollout's progress from its detail: counts, a bar, and the one line the
// watcher prints. Pure, so the watch loop only decides where the line goes.
import { isSettledStep, isTerminal, type RolloutDetail, type RolloutState } from '@hitless/api-contract';

export interface RolloutProgress {
  id: string;
  name: string;
  state: RolloutState;
  terminal: boolean;
  total: number;
  /** Steps that will not change any more: succeeded, failed, skipped, rolled back. */
  settled: number;
  succeeded: number;
  failed: number;
  skipped: number;
  inFlight: number;
  batch: { current: number; total: number };
  failedRequests: number;
  summary: string | null;
}

/** Succeeded is 0; failed, rolled-back and aborted are what `--watch` reports with exit 1. */
export function endedBadly(state: RolloutState): boolean {
  return isTerminal(state) && state !== 'succeeded';
}

export function rolloutProgress(detail: RolloutDetail): RolloutProgress {
  const steps = detail.steps;
  const count = (state: string) => steps.filter((s) => s.state === state).length;
  const batches = steps.length === 0 ? 0 : Math.max(...steps.map((s) => s.batch)) + 1;
  const open = steps.filter((s) => !isSettledStep(s.state)).map((s) => s.batch);
  return {
    id: detail.rollout.id,
    name: detail.rollout.name,
    state: detail.rollout.state,
    terminal: isTerminal(detail.rollout.state),
    total: steps.length,
    settled: steps.filter((s) => isSettledStep(s.state)).length,
    succeeded: count('succeeded'),
    failed: count('failed') + count('rolled-back'),
    skipped: count('skipped'),
    inFlight: count('dispatched') + count('rolling-back'),
    batch: { current: open.length === 0 ? batches : Math.min(...open) + 1, total: batches },
    failedRequests: steps.reduce((sum, s) => sum + (s.failedRequests ?? 0), 0),
    summary: detail.rollout.summary,
  };
}

export function progressBar(settled: number, total: number, width = 24): string {
  const filled = total === 0 ? 0 : Math.round((settled / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** `[########........] 2/6 hosts  running  batch 2/3  1 in flight  0 failed  0 failed requests` */
export function progressLine(p: RolloutProgress): string {
  const parts = [
    `${progressBar(p.settled, p.total)} ${p.settled}/${p.total} hosts`,
    p.state,
    `batch ${p.batch.current}/${p.batch.total}`,
    ...(p.inFlight > 0 ? [`${p.inFlight} in flight`] : []),
    `${p.failed} failed`,
    ...(p.skipped > 0 ? [`${p.skipped} skipped`] : []),
    `${p.failedRequests} failed requests`,
  ];
  if (p.terminal && p.summary) parts.push(p.summary);
  return parts.join('  ');
}
