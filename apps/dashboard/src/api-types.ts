// The parts of the server's answers the dashboard reads (dates arrive as strings).
export type Role = 'viewer' | 'operator' | 'admin';

export interface Whoami {
  name: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface VersionCount {
  value: string | null;
  hosts: number;
  online: number;
}

export interface Overview {
  hosts: { total: number; online: number; offline: number };
  haproxyVersions: VersionCount[];
  agentVersions: VersionCount[];
  configVersions: VersionCount[];
  strategies: VersionCount[];
  rollouts: { state: string; count: number }[];
  reloads: { since: string; total: number; failed: number; dropping: number; failedRequests: number };
}

export interface Host {
  name: string;
  labels: Record<string, string>;
  online: boolean;
  lastHeartbeatAt: string | null;
  agentAddress: string | null;
  agentVersion: string | null;
  haproxyVersion: string | null;
  haproxyMode: string | null;
  preferredStrategy: string | null;
  configHash: string | null;
}

/** GET /hosts/:name: a host with its agent's last inventory (proto JSON: zero values left out). */
export interface HostDetail extends Host {
  enrolledAt: string;
  kernel: string | null;
  inventory: { strategies?: { strategy?: string; available?: boolean; reason?: string }[]; preferredReason?: string } | null;
}

export interface Rollout {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  state: string;
  stopReason: string | null;
  summary: string | null;
  windowId: string | null;
  notBefore: string | null;
  dryRun: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  wakeAt: string | null;
}

/** The agent's ReloadResult as the server stores it (proto JSON: zero values left out). */
/** A step's reload result as the rollout detail lists it (the whole one is at /rollouts/:id/steps/:host). */
export interface AgentResult {
  outcome?: string;
  strategy?: string;
  probe?: ProbeFigures;
  phases?: { phase: string; ms?: number; ok?: boolean }[];
  error?: string;
}

export interface ProbeFigures {
  requests?: number;
  failed?: number;
  errors?: Record<string, number>;
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  durationMs?: number;
}

/** A value in effect, and where it came from: the backend's own line, or inherited. */
export interface ChangeValue {
  value: string;
  origin: 'explicit' | 'default-server' | 'defaults' | 'haproxy-default';
}

/** What one change of a step's reload did (the agent's typed record). */
export interface AppliedChange {
  backend: string;
  server?: string;
  field: 'balance' | 'weight';
  before: ChangeValue;
  after: ChangeValue;
  line: number;
  edit: 'replaced' | 'inserted' | 'removed' | 'none';
}

export interface RolloutStep {
  hostName: string;
  batch: number;
  position: number;
  state: string;
  attempt: number;
  outcome: string | null;
  failedRequests: number | null;
  dispatchedAt: string | null;
  finishedAt: string | null;
  changed: boolean | null;
  failureReasons: string[] | null;
  /** Null until the agent answered. */
  appliedChanges: AppliedChange[] | null;
  agentResult: AgentResult | null;
}

export interface RolloutDetail {
  rollout: Rollout;
  steps: RolloutStep[];
}

export interface ReloadEntry {
  reloadId: string;
  hostName: string;
  outcome: string;
  strategy: string;
  failedRequests: number;
  startedAt: string | null;
  finishedAt: string | null;
  deliveries: number;
  probe: ProbeFigures | null;
}

export interface CalendarWindow {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  createdBy: string;
  periods: { start: string; end: string }[];
}

export interface WindowCalendar {
  from: string;
  to: string;
  windows: CalendarWindow[];
}
