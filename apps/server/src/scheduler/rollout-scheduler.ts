// The scheduler loop of one replica: take or renew rollout leases, decide each
// led rollout with @hitless/rollout's decideNext from what Postgres holds,
// apply the decision under the lease's fencing token, then send the claimed
// steps (and any step a previous leader claimed but never saw answered).
import { decideNext } from '@hitless/rollout';
import type { Logger } from '@hitless/log';
import type { Clock } from '../clock/clock';
import type { ServerMetrics } from '../metrics/server-metrics';
import { buildSnapshot } from './rollout-snapshot';
import type { Lease, RolloutLeases } from './rollout-leases';
import type { SchedulerStore } from './scheduler-store';
import type { StepSender } from './step-sender';

export interface SchedulerOptions {
  tickMs: number;
  /** Rollouts one replica leads at once. */
  maxLeases: number;
  /**
   * No decisions for this long after start. Online means "heartbeat seen
   * lately", and while this server was down nobody saw heartbeats: deciding at
   * once would find every host offline and skip it.
   */
  startupGraceMs: number;
}

export class RolloutScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly deciding = new Set<string>();
  private readonly again = new Set<string>();
  private leases = new Map<string, Lease>();
  private stopped = false;

  constructor(
    private readonly leaseStore: RolloutLeases,
    private readonly store: SchedulerStore,
    private readonly sender: StepSender,
    private readonly clock: Clock,
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    const startedAt = Date.now();
    const loop = () => {
      if (this.stopped) return;
      this.ticking = (Date.now() - startedAt < this.options.startupGraceMs ? Promise.resolve() : this.tick())
        .catch((error: unknown) => this.log.error({ err: error }, 'scheduler tick failed; retrying next tick'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.options.tickMs);
        });
    };
    loop();
  }

  /** Stops deciding; running agent calls get `graceMs` to record their answers; leases are released. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.sender.drain(graceMs);
    await this.leaseStore.releaseAll();
  }

  /** An answer arrived: decide that rollout again now instead of at the next tick. */
  poke(rolloutId: string): void {
    const lease = this.leases.get(rolloutId);
    if (lease && !this.stopped) void this.decide(lease);
  }

  private async tick(): Promise<void> {
    const held = await this.leaseStore.acquire(this.options.maxLeases);
    this.leases = new Map(held.map((lease) => [lease.rolloutId, lease]));
    this.metrics.leasesHeld.set(held.length);
    await Promise.all(held.map((lease) => this.decide(lease)));
  }

  /** One decision per rollout at a time in this process; a request meanwhile runs once more afterwards. */
  private async decide(lease: Lease): Promise<void> {
    if (this.deciding.has(lease.rolloutId)) {
      this.again.add(lease.rolloutId);
      return;
    }
    this.deciding.add(lease.rolloutId);
    try {
      do {
        this.again.delete(lease.rolloutId);
        await this.decideOnce(lease);
      } while (this.again.has(lease.rolloutId) && !this.stopped);
    } catch (error) {
      this.log.error({ err: error, rolloutId: lease.rolloutId }, 'deciding a rollout failed');
    } finally {
      this.deciding.delete(lease.rolloutId);
    }
  }

  private async decideOnce(lease: Lease): Promise<void> {
    const loaded = await this.store.load(lease.rolloutId);
    if (!loaded) return;
    const { snapshot, spec } = buildSnapshot(loaded);
    const now = this.clock.now();
    const decision = decideNext(snapshot, now);
    const applied = await this.store.apply(lease, loaded, decision, now);
    if (applied.outcome === 'fenced') {
      this.metrics.fencedWrites.inc();
      this.leases.delete(lease.rolloutId);
      this.log.warn({ rolloutId: lease.rolloutId, epoch: lease.epoch }, 'lost the rollout lease; its writes are fenced');
      return;
    }
    if (decision.state !== loaded.rollout.state) this.log.info({ rolloutId: lease.rolloutId, from: loaded.rollout.state, to: decision.state }, 'rollout state');
    for (const action of decision.actions) {
      if (action.type === 'settle-step') this.metrics.stepsFinished.inc({ state: action.state });
      if (action.type === 'settle-rollback') this.metrics.stepsFinished.inc({ state: action.state === 'failed' ? 'rollback-failed' : 'rolled-back' });
      if (action.type === 'finish') this.log.info({ rolloutId: lease.rolloutId, state: action.state, summary: action.summary }, 'rollout finished');
    }
    // Claimed now, or claimed earlier (maybe by a replica that died) and not answered yet: send.
    const fresh = await this.store.load(lease.rolloutId);
    for (const step of fresh?.steps ?? []) {
      const outstanding =
        (step.state === 'dispatched' && !step.result && step.reloadId) || (step.state === 'rolling-back' && !step.rollbackResult && step.rollbackReloadId);
      if (!outstanding) continue;
      const kind = step.state === 'dispatched' ? 'change' : 'rollback';
      const reloadId = kind === 'change' ? step.reloadId : step.rollbackReloadId;
      if (!reloadId) continue;
      this.sender.send({ lease, spec, dryRun: loaded.rollout.dryRun, step, kind, reloadId, address: fresh?.addresses.get(step.hostName) });
    }
  }
}
