// The parts of GET /api/v1/rollouts/:id the demo reads, and the agent's stored
// result (ReloadResult as proto JSON) reduced to what the final table shows.
import type { RolloutState } from '@hitless/api-contract';

export interface RolloutView {
  rollout: { id: string; state: RolloutState; summary: string | null; stopReason: string | null; wakeAt: string | null };
  steps: StepView[];
}

export interface StepView {
  hostName: string;
  batch: number;
  state: string;
  outcome: string | null;
  failedRequests: number | null;
  failureReasons: string[] | null;
  reloadResult: ReloadResultJson | null;
}

/** proto3 JSON: enums as names, 64-bit integers as strings, zero values left out. */
export interface ReloadResultJson {
  strategy?: string;
  phases?: { phase?: string; ms?: number }[];
  probe?: { requests?: string | number; failed?: string | number };
}

export function strategyName(wire: string | undefined): string {
  return wire ? wire.replace(/^STRATEGY_/, '').toLowerCase().replace(/_/g, '-') : 'unknown';
}

/** The reload proper, as the old demo and the benchmark count it: no validation or probe warm-up. */
export function reloadMs(result: ReloadResultJson): number {
  const counted = new Set(['prepare', 'reload', 'verify', 'cleanup']);
  return Math.round((result.phases ?? []).filter((p) => p.phase !== undefined && counted.has(p.phase)).reduce((sum, p) => sum + (p.ms ?? 0), 0));
}

export function probeFigures(result: ReloadResultJson): { requests: number; failed: number } {
  return { requests: Number(result.probe?.requests ?? 0), failed: Number(result.probe?.failed ?? 0) };
}
