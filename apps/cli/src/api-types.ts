// The parts of the server's answers the CLI reads (dates arrive as strings).
import type { AppliedChange } from '@hitless/haproxy';

export interface Rollout {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  state: string;
  stopReason: string | null;
  summary: string | null;
  windowId: string | null;
  dryRun: boolean;
  idempotencyKey: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface RolloutStep {
  hostName: string;
  batch: number;
  state: string;
  outcome: string | null;
  failedRequests: number | null;
  changed: boolean | null;
  failureReasons: string[] | null;
  /** What the agent's reload changed, as typed records (null until it answered). */
  appliedChanges: AppliedChange[] | null;
}

export interface RolloutDetail {
  rollout: Rollout;
  steps: RolloutStep[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Host {
  name: string;
  labels: Record<string, string>;
  online: boolean;
  lastHeartbeatAt: string | null;
  agentVersion: string | null;
  haproxyVersion: string | null;
  configHash: string | null;
}

export interface MaintenanceWindow {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
