// What a simulated host says on the wire: an inventory and a reload result
// shaped like the real agent's (phases, probe figures, backend servers, the
// typed record of each change that a rollback reads, and its summary line), so
// the server does the same work for it as for a real host.
import { createHash } from 'node:crypto';
import * as wire from '@hitless/proto';

export interface HostState {
  hostName: string;
  agentAddress: string;
  /** backend -> balance as words, e.g. "roundrobin". */
  balances: Map<string, string>;
  reloadInFlight: string;
}

export function configHash(state: HostState): string {
  const text = [...state.balances.entries()].sort().map(([backend, balance]) => `${backend}=${balance}`).join('\n');
  return createHash('sha256').update(text).digest('hex');
}

export function simulatedInventory(state: HostState): wire.Inventory {
  return {
    hostName: state.hostName,
    haproxyVersion: '2.6.12-1+deb12u1',
    haproxyMode: wire.HaproxyMode.HAPROXY_MODE_MASTER_WORKER,
    kernel: '6.1.0-simulated',
    strategies: [
      { strategy: wire.Strategy.STRATEGY_SEAMLESS, available: true, reason: 'HAProxy runs master-worker with a master socket' },
      { strategy: wire.Strategy.STRATEGY_PLUG, available: false, reason: 'the kernel has no sch_plug' },
      { strategy: wire.Strategy.STRATEGY_MIGRATE, available: true, reason: 'Linux >= 5.14 has net.ipv4.tcp_migrate_req' },
      { strategy: wire.Strategy.STRATEGY_SYN_DROP, available: true, reason: 'iptables works' },
      { strategy: wire.Strategy.STRATEGY_NAIVE, available: true, reason: 'always' },
    ],
    preferredStrategy: wire.Strategy.STRATEGY_SEAMLESS,
    preferredReason: 'master-worker hands the listening sockets to the new worker',
    configHash: configHash(state),
    agentVersion: 'fleet-simulator',
    agentAddress: state.agentAddress,
    reloadInFlight: state.reloadInFlight,
  };
}

/** The balance words of a set-balance change ("hdr(Host) use_domain_only"). */
function balanceWords(algorithm: string, args: readonly string[]): string {
  return [algorithm, ...args].join(' ');
}

export interface SimulatedChanges {
  changes: wire.AppliedChange[];
  summary: string[];
}

const explicit = (value: string): wire.ChangeValue => ({ value, origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT });

/**
 * Applies the request's balance and weight changes to the host's state and returns the
 * records and summary lines the real engine writes for them. Every simulated backend
 * starts with an explicit `balance roundrobin` and servers with an explicit weight 1.
 */
export function applyChanges(state: HostState, request: wire.ReloadRequest): SimulatedChanges {
  const out: SimulatedChanges = { changes: [], summary: [] };
  request.changes.forEach((change, i) => {
    if (change.change?.$case === 'setBalance') {
      const { backend, balance } = change.change.value;
      const before = state.balances.get(backend) ?? 'roundrobin';
      const after = balanceWords(balance?.algorithm ?? 'roundrobin', balance?.args ?? []);
      state.balances.set(backend, after);
      const line = 18 + i;
      out.changes.push({ backend, server: '', field: wire.ChangedField.CHANGED_FIELD_BALANCE, before: explicit(before), after: explicit(after), line, edit: wire.LineEdit.LINE_EDIT_REPLACED });
      out.summary.push(`backend ${backend}: balance ${before} -> ${after} (line ${line})`);
    } else if (change.change?.$case === 'setServerWeight') {
      const { backend, server, weight } = change.change.value;
      const line = 20 + i;
      out.changes.push({ backend, server, field: wire.ChangedField.CHANGED_FIELD_WEIGHT, before: explicit('1'), after: explicit(String(weight)), line, edit: wire.LineEdit.LINE_EDIT_REPLACED });
      out.summary.push(`backend ${backend}: server ${server} weight 1 -> ${weight} (line ${line})`);
    }
  });
  return out;
}

export interface ReloadTiming {
  startedAt: Date;
  finishedAt: Date;
  /** The simulated time spent in the reload phase itself. */
  reloadMs: number;
}

/** The phases of a seamless reload with the time split the real engine shows. */
function phases(reloadMs: number): wire.PhaseTiming[] {
  return [
    { phase: 'render', ms: 1, ok: true },
    { phase: 'validate', ms: Math.round(reloadMs * 0.2), ok: true },
    { phase: 'write', ms: 1, ok: true },
    { phase: 'reload', ms: Math.round(reloadMs * 0.6), ok: true },
    { phase: 'verify', ms: Math.round(reloadMs * 0.2), ok: true },
  ];
}

export function succeededResult(request: wire.ReloadRequest, before: string, after: string, applied: SimulatedChanges, timing: ReloadTiming, pidBase: number): wire.ReloadResult {
  const durationMs = timing.finishedAt.getTime() - timing.startedAt.getTime();
  // The agent's probe sends about 200 requests/s through the host while it reloads.
  const requests = Math.max(1, Math.round(durationMs / 5));
  return {
    reloadId: request.reloadId,
    hostName: request.hostName,
    outcome: wire.Outcome.OUTCOME_SUCCEEDED,
    strategy: wire.Strategy.STRATEGY_SEAMLESS,
    strategyReason: 'HAProxy runs master-worker (-Ws -S): the new worker receives the listening sockets',
    changes: applied.changes,
    summary: applied.summary,
    oldPids: [pidBase + 1],
    newPids: [pidBase + 2],
    configHashBefore: before,
    configHashAfter: after,
    phases: phases(timing.reloadMs),
    validationOutput: 'Configuration file is valid',
    error: '',
    probe: { requests, failed: 0, errors: {}, p50Ms: 0.4, p99Ms: 2.1, maxMs: 4.8, durationMs },
    startedAt: timing.startedAt.toISOString(),
    finishedAt: timing.finishedAt.toISOString(),
    backendServers: { total: 2, up: 2, notRunning: [] },
  };
}

/** A dry run: the change was checked and nothing changed. */
export function validatedResult(request: wire.ReloadRequest, hash: string, at: Date): wire.ReloadResult {
  return {
    ...succeededResult(request, hash, hash, { changes: [], summary: [] }, { startedAt: at, finishedAt: at, reloadMs: 0 }, 0),
    outcome: wire.Outcome.OUTCOME_VALIDATED,
    oldPids: [],
    newPids: [],
    probe: undefined,
    backendServers: undefined,
  };
}
