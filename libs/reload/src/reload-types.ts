// The reload engine's public contract: what a caller asks for and what it gets
// back. The agent's gRPC service maps these one to one.
import type { ReloadOutcome } from '@hitless/api-contract';
import type { AppliedChange, ConfigChange } from '@hitless/haproxy';
import type { ProbeFigures } from './probe';

export const STRATEGY_NAMES = ['seamless', 'plug', 'migrate', 'syn-drop', 'naive'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** Best first: the engine picks the first available one unless the caller forces one. */
export const STRATEGY_PREFERENCE: readonly StrategyName[] = ['seamless', 'migrate', 'plug', 'syn-drop', 'naive'];

export interface StrategyAvailability {
  name: StrategyName;
  available: boolean;
  /** Why it is (or is not) available on this host, in one sentence. */
  reason: string;
}

export interface HostCapabilities {
  haproxy: { version: string; mode: 'master-worker' | 'daemon' };
  kernel: string;
  strategies: StrategyAvailability[];
  /** The strategy the engine uses when none is forced, and why. */
  preferred: StrategyName;
  preferredReason: string;
}

export interface ProbeSettings {
  ratePerSecond: number;
  client: 'close' | 'keepalive';
  /** How long to keep probing before and after the reload itself, so the figures cover its edges. */
  marginMs: number;
}

export interface ReloadRequest {
  /** Chosen by the caller; the same id is never applied twice. */
  reloadId: string;
  changes: ConfigChange[];
  /** Force a strategy instead of the host's preferred one. */
  strategy?: StrategyName;
  /** Validate only: render, `haproxy -c`, change nothing. */
  dryRun?: boolean;
  probe?: Partial<ProbeSettings>;
}

export type PhaseName = 'render' | 'validate' | 'write' | 'prepare' | 'reload' | 'verify' | 'cleanup' | 'rollback';

export interface PhaseEvent {
  reloadId: string;
  phase: PhaseName;
  status: 'started' | 'ok' | 'failed';
  at: string;
  detail?: string;
}

export interface PhaseTiming {
  phase: PhaseName;
  ms: number;
  ok: boolean;
}

export interface BackendServerStates {
  total: number;
  up: number;
  /** `backend/server: state` of every server that is not running, or in maintenance. */
  notRunning: string[];
}

/** How a reload ended: the API's list, so that the history's filter names every outcome an engine can give. */
export type { ReloadOutcome };

export interface ReloadResult {
  reloadId: string;
  /**
   * succeeded: the new config runs. validated: dry run passed. rejected: the change was
   * invalid and nothing was touched. rolled-back: the new config failed and the
   * last-known-good one runs again. failed: even the rollback failed; an operator must look.
   */
  outcome: ReloadOutcome;
  strategy: StrategyName;
  strategyReason: string;
  /** What each requested change did (rendered, even when the reload then failed or was a dry run): rollback reads this. */
  changes: AppliedChange[];
  /** The same in words for people, plus notes (listeners not probed, keep-alive advice). */
  summary: string[];
  oldPids: number[];
  newPids: number[];
  configHashBefore: string;
  configHashAfter: string;
  phases: PhaseTiming[];
  /**
   * Everything HAProxy itself printed: `haproxy -c`, and a failed start's log (labelled). It can
   * quote the config and files HAProxy read, so it is kept out of `error` (our own words) and the
   * server shows it to operators and admins only.
   */
  validationOutput: string;
  error?: string;
  probe: ProbeFigures;
  /** Backend servers as the new worker saw them right after the takeover (undefined without a runtime API). */
  backendServers?: BackendServerStates;
  startedAt: string;
  finishedAt: string;
}
