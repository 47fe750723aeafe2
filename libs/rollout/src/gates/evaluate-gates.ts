// Decides whether one host's reload passed the rollout's gates. A host that
// fails a gate counts against the failure budget.
import type { ProbeFigures, ReloadResult } from '@hitless/reload';
import type { GateSpec } from '../spec/rollout-spec';

/** What the gates look at: the agent's ReloadResult (or a stored copy) plus when it was asked and answered. */
export interface GateInput {
  readonly outcome: ReloadResult['outcome'];
  readonly error?: string;
  readonly probe: Pick<ProbeFigures, 'requests' | 'failed'>;
  readonly backendServers?: ReloadResult['backendServers'];
  readonly dispatchedAt: Date;
  readonly answeredAt: Date;
}

export type GateFailureCode = 'outcome' | 'probe-failures' | 'backend-servers-down' | 'backend-servers-unknown' | 'agent-late';

export interface GateFailure {
  readonly code: GateFailureCode;
  readonly message: string;
}

export type GateVerdict = { readonly pass: true } | { readonly pass: false; readonly reasons: readonly GateFailure[] };

export interface GateOptions {
  /** A dry run passes with outcome 'validated'; a real one needs 'succeeded'. */
  readonly dryRun?: boolean;
}

export function evaluateGates(result: GateInput, gates: GateSpec, options: GateOptions = {}): GateVerdict {
  const reasons: GateFailure[] = [];
  const expected = options.dryRun ? 'validated' : 'succeeded';
  if (result.outcome !== expected) {
    const detail = result.error ? `: ${result.error}` : '';
    reasons.push({ code: 'outcome', message: `reload ${result.outcome}, expected ${expected}${detail}` });
  }
  if (result.probe.failed > gates.probeFailureThreshold) {
    reasons.push({
      code: 'probe-failures',
      message: `${result.probe.failed} of ${result.probe.requests} probe requests failed (threshold ${gates.probeFailureThreshold})`,
    });
  }
  // A dry run starts no new worker, so there are no fresh server states to judge.
  if (gates.requireBackendServersUp && !options.dryRun) {
    const servers = result.backendServers;
    if (!servers) {
      // Without the runtime API we cannot tell; a gate that cannot be checked does not pass.
      reasons.push({ code: 'backend-servers-unknown', message: 'the agent reported no backend server states' });
    } else if (servers.up < servers.total) {
      const names = servers.notRunning.slice(0, 5).join(', ');
      reasons.push({ code: 'backend-servers-down', message: `${servers.total - servers.up} of ${servers.total} backend servers not UP (${names})` });
    }
  }
  const deadline = result.dispatchedAt.getTime() + gates.agentDeadlineSeconds * 1000;
  if (result.answeredAt.getTime() > deadline) {
    const late = Math.round((result.answeredAt.getTime() - result.dispatchedAt.getTime()) / 1000);
    reasons.push({ code: 'agent-late', message: `the agent answered after ${late} s (deadline ${gates.agentDeadlineSeconds} s)` });
  }
  return reasons.length === 0 ? { pass: true } : { pass: false, reasons };
}
