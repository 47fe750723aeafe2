// The ReloadRequest between the engine's type and the wire's. The server builds
// the wire request from a rollout step's changes; the agent checks what arrives
// and turns it into the engine's request. Anything the agent would not do exactly
// as asked is refused with InvalidChangeError, before any file or process is touched.
import { InvalidChangeError, MAX_CHANGES_PER_RELOAD, type ConfigChange } from '@hitless/haproxy';
import type { ProbeSettings, ReloadRequest, StrategyName } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { configChangeFromWire, configChangeToWire } from './config-change-mapping';
import { assertReloadId } from './reload-id';
import { strategyFromWire, strategyToWire } from './strategy-mapping';

/** What the server asks of one host: the reload id it chose, the host it means, the changes, perhaps a strategy. */
export function reloadRequestToWire(reloadId: string, hostName: string, changes: readonly ConfigChange[], strategy?: StrategyName): wire.ReloadRequest {
  return {
    reloadId: assertReloadId(reloadId),
    hostName,
    changes: changes.map(configChangeToWire),
    strategy: strategy ? strategyToWire(strategy) : wire.Strategy.STRATEGY_UNSPECIFIED,
    probe: undefined,
    beforeHooks: [],
    afterHooks: [],
  };
}

function probeFromWire(probe: wire.ReloadRequest['probe']): Partial<ProbeSettings> | undefined {
  if (!probe) return undefined;
  const settings: Partial<ProbeSettings> = {};
  if (probe.ratePerSecond > 0) settings.ratePerSecond = probe.ratePerSecond;
  if (probe.marginMs > 0) settings.marginMs = probe.marginMs;
  if (probe.client === wire.ProbeClient.PROBE_CLIENT_CLOSE) settings.client = 'close';
  if (probe.client === wire.ProbeClient.PROBE_CLIENT_KEEPALIVE) settings.client = 'keepalive';
  return settings;
}

export function reloadRequestFromWire(request: wire.ReloadRequest, options: { dryRun: boolean }): ReloadRequest {
  const reloadId = assertReloadId(request.reloadId);
  if (request.changes.length === 0) throw new InvalidChangeError('changes', 'must name at least one change');
  if (request.changes.length > MAX_CHANGES_PER_RELOAD) throw new InvalidChangeError('changes', `at most ${MAX_CHANGES_PER_RELOAD} changes per reload`);
  const changes = request.changes.map((change, i) => configChangeFromWire(change, `changes[${i}]`));
  let strategy: ReloadRequest['strategy'];
  if (request.strategy !== wire.Strategy.STRATEGY_UNSPECIFIED) {
    strategy = strategyFromWire(request.strategy);
    if (!strategy) throw new InvalidChangeError('strategy', `unknown strategy ${request.strategy}`);
  }
  const engineRequest: ReloadRequest = { reloadId, changes, dryRun: options.dryRun };
  if (strategy) engineRequest.strategy = strategy;
  const probe = probeFromWire(request.probe);
  if (probe) engineRequest.probe = probe;
  return engineRequest;
}
