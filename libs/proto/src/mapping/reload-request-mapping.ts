// A wire ReloadRequest checked and turned into the engine's request. Anything
// the agent would not do exactly as asked is refused here with InvalidChangeError,
// before any file or process is touched.
import { RELOAD_ID_PATTERN, RELOAD_ID_RULE } from '@hitless/api-contract';
import { InvalidChangeError, MAX_CHANGES_PER_RELOAD, MAX_SERVER_WEIGHT, parseBalance, type ConfigChange } from '@hitless/haproxy';
import type { ProbeSettings, ReloadRequest as EngineRequest } from '@hitless/reload';
import { ProbeClient, Strategy, type ReloadRequest } from '../generated/hitless/v1/reload';
import { strategyFromWire } from './strategy-mapping';

// The reload id rule is the API contract's (the REST history pages by reload id too).
export function assertReloadId(id: string, field = 'reload_id'): string {
  if (!RELOAD_ID_PATTERN.test(id)) throw new InvalidChangeError(field, RELOAD_ID_RULE);
  return id;
}

function changeFromWire(change: ReloadRequest['changes'][number], field: string): ConfigChange {
  const which = change.change;
  if (!which) throw new InvalidChangeError(field, 'names no change');
  if (which.$case === 'setBalance') {
    const { backend, balance } = which.value;
    if (!balance) throw new InvalidChangeError(`${field}.balance`, 'is missing');
    return { kind: 'set-balance', backend, balance: parseBalance({ algorithm: balance.algorithm, args: balance.args }, `${field}.balance`) };
  }
  const { backend, server, weight } = which.value;
  if (weight > MAX_SERVER_WEIGHT) throw new InvalidChangeError(`${field}.weight`, `must be at most ${MAX_SERVER_WEIGHT}`);
  return { kind: 'set-server-weight', backend, server, weight };
}

function probeFromWire(probe: ReloadRequest['probe']): Partial<ProbeSettings> | undefined {
  if (!probe) return undefined;
  const settings: Partial<ProbeSettings> = {};
  if (probe.ratePerSecond > 0) settings.ratePerSecond = probe.ratePerSecond;
  if (probe.marginMs > 0) settings.marginMs = probe.marginMs;
  if (probe.client === ProbeClient.PROBE_CLIENT_CLOSE) settings.client = 'close';
  if (probe.client === ProbeClient.PROBE_CLIENT_KEEPALIVE) settings.client = 'keepalive';
  return settings;
}

export function reloadRequestFromWire(request: ReloadRequest, options: { dryRun: boolean }): EngineRequest {
  const reloadId = assertReloadId(request.reloadId);
  if (request.changes.length === 0) throw new InvalidChangeError('changes', 'must name at least one change');
  if (request.changes.length > MAX_CHANGES_PER_RELOAD) throw new InvalidChangeError('changes', `at most ${MAX_CHANGES_PER_RELOAD} changes per reload`);
  const changes = request.changes.map((change, i) => changeFromWire(change, `changes[${i}]`));
  let strategy: EngineRequest['strategy'];
  if (request.strategy !== Strategy.STRATEGY_UNSPECIFIED) {
    strategy = strategyFromWire(request.strategy);
    if (!strategy) throw new InvalidChangeError('strategy', `unknown strategy ${request.strategy}`);
  }
  const engineRequest: EngineRequest = { reloadId, changes, dryRun: options.dryRun };
  if (strategy) engineRequest.strategy = strategy;
  const probe = probeFromWire(request.probe);
  if (probe) engineRequest.probe = probe;
  return engineRequest;
}
