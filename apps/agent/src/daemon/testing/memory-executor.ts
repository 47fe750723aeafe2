// An in-memory reload engine for unit tests of the daemon: it applies changes to
// a config held in memory with the real config model, remembers results by id,
// and can be held in the middle of a reload to test concurrency.
import { applyChanges, configHash, parseConfig, renderConfig } from '@hitless/haproxy';
import type { HostCapabilities, PhaseEvent, ReloadRequest, ReloadResult } from '@hitless/reload';
import { ReloadInProgressError } from '@hitless/reload';
import type { ReloadExecutor } from '../reload/reload-executor';

export const MEMORY_CONFIG = `global
    maxconn 100

defaults
    mode http
    timeout connect 1s
    timeout client 1s
    timeout server 1s

frontend www
    bind 127.0.0.1:8080
    default_backend api

backend api
    balance roundrobin
    server web1 127.0.0.1:9001
    server web2 127.0.0.1:9002
`;

export class MemoryExecutor implements ReloadExecutor {
  config = MEMORY_CONFIG;
  /** How many reloads really changed the config: what "applied once" means here. */
  applied = 0;
  private readonly results = new Map<string, ReloadResult>();
  private inFlight?: string;
  private gate?: Promise<void>;
  private openGate?: () => void;

  /** The next reload stops after its first event until release() is called. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async capabilities(): Promise<HostCapabilities> {
    return {
      haproxy: { version: '2.6.12', mode: 'master-worker' },
      kernel: '6.18.0',
      strategies: [{ name: 'seamless', available: true, reason: 'master-worker mode passes listeners to the new worker' }],
      preferred: 'seamless',
      preferredReason: 'best available',
    };
  }

  async result(reloadId: string): Promise<ReloadResult | undefined> {
    return this.results.get(reloadId);
  }

  async recover(): Promise<ReloadResult | undefined> {
    return undefined;
  }

  /** What a crashed engine would have left: a result the daemon never saw. */
  remember(result: ReloadResult): void {
    this.results.set(result.reloadId, result);
  }

  async reload(request: ReloadRequest, onEvent: (event: PhaseEvent) => void = () => undefined): Promise<ReloadResult> {
    const known = this.results.get(request.reloadId);
    if (known) return known;
    if (this.inFlight) throw new ReloadInProgressError(this.inFlight);
    this.inFlight = request.reloadId;
    try {
      const startedAt = new Date().toISOString();
      onEvent({ reloadId: request.reloadId, phase: 'render', status: 'started', at: startedAt });
      await this.gate;
      const before = this.config;
      const { config, changes, summary } = applyChanges(parseConfig(before), request.changes);
      const after = renderConfig(config);
      if (!request.dryRun) {
        this.config = after;
        this.applied += 1;
      }
      onEvent({ reloadId: request.reloadId, phase: 'reload', status: 'ok', at: new Date().toISOString() });
      const result: ReloadResult = {
        reloadId: request.reloadId,
        outcome: request.dryRun ? 'validated' : 'succeeded',
        strategy: request.strategy ?? 'seamless',
        strategyReason: 'memory',
        changes,
        summary,
        oldPids: [100],
        newPids: request.dryRun ? [] : [200 + this.applied],
        configHashBefore: configHash(before),
        configHashAfter: configHash(after),
        phases: [{ phase: 'reload', ms: 1, ok: true }],
        validationOutput: 'Configuration file is valid',
        probe: {
          requests: 10, failed: 0, errors: {}, p50_ms: 1, p99_ms: 2, max_ms: 3, byTarget: {},
          eventLoopLag_p99_ms: 0, eventLoopLag_max_ms: 0, inFlight: 0, durationMs: 50,
        },
        startedAt,
        finishedAt: new Date().toISOString(),
      };
      this.results.set(request.reloadId, result);
      return result;
    } finally {
      this.inFlight = undefined;
    }
  }
}
