// The scheduler loop of one replica: take or renew rollout leases, decide each
// led rollout with @hitless/rollout's decideNext from what Postgres holds,
// apply the decision under the lease's fencing token, then send the claimed
// steps (and any step a previous leader claimed but never saw answered).
// A rollout is decided again on every tick, and at once when an answer that
// can change its decision arrives: its agent answered a call, or its result was
// stored by this replica's gateway.
import { decideNext } from '@hitless/rollout';
import type { Logger } from '@hitless/log';
import type { AgentCaller } from '../agents/agent-reload-caller';
import { stepKindOf } from '../agents/step-reload-id';
import type { Clock } from '../clock/clock';
import type { HeartbeatSight } from '../hosts/heartbeat-sight';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { NewReloadResult } from '../results/reload-result-record';
import { awaitsAnswer, awaitsRollbackAnswer, buildSnapshot } from './rollout-snapshot';
import type { Lease, RolloutLeases } from './rollout-leases';
import type { SchedulerStore } from './scheduler-store';
import { StepSender } from './step-sender';

export interface SchedulerOptions {
  tickMs: number;
  /** Rollouts one replica leads at once. */
  maxLeases: number;
  /**
   * No decisions until heartbeats have been seen clearly for this long: after
   * start, a failed tick, or a failed or stalled database call (the online
   * window). Online means "heartbeat recorded lately", and while this server was
   * down, or Postgres was, nobody recorded them: deciding at once would find
   * every host offline and skip it.
   */
  clearSightMs: number;
}

export interface SchedulerDeps {
  leases: RolloutLeases;
  store: SchedulerStore;
  caller: AgentCaller;
  clock: Clock;
  metrics: ServerMetrics;
  log: Logger;
  sight: HeartbeatSight;
}

export class RolloutScheduler {
  private readonly leaseStore: RolloutLeases;
  private readonly store: SchedulerStore;
  private readonly sender: StepSender;
  private readonly clock: Clock;
  private readonly metrics: ServerMetrics;
  private readonly log: Logger;
  private readonly sight: HeartbeatSight;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly deciding = new Set<string>();
  private readonly again = new Set<string>();
  private leases = new Map<string, Lease>();
  private stopped = false;
  /** Whether the last tick was held back for lack of heartbeats: logged when it changes, so a stalled rollout says why. */
  private heldBack = false;

  constructor(
    deps: SchedulerDeps,
    private readonly options: SchedulerOptions,
  ) {
    this.leaseStore = deps.leases;
    this.store = deps.store;
    this.clock = deps.clock;
    this.metrics = deps.metrics;
    this.log = deps.log;
    this.sight = deps.sight;
    this.sender = new StepSender({ caller: deps.caller, store: deps.store, clock: deps.clock, metrics: deps.metrics, log: deps.log }, (rolloutId) => this.poke(rolloutId));
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.ticking = (this.holdBack() ? Promise.resolve() : this.tick())
        .catch((error: unknown) => {
          this.sight.markBlind();
          this.log.error({ err: error }, 'scheduler tick failed; retrying next tick');
        })
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

  /** The result intake stored a result of this rollout: decide it again now if that can change the decision. */
  resultStored(result: NewReloadResult, rolloutId: string): void {
    const kind = stepKindOf(result.reloadId) === 'rollback' ? 'rollback' : 'change';
    if (this.sender.resultStored(rolloutId, result.reloadId, { kind, outcome: result.outcome, failedRequests: result.failedRequests })) this.poke(rolloutId);
  }

  /** An answer arrived: decide that rollout again now instead of at the next tick. */
  poke(rolloutId: string): void {
    const lease = this.leases.get(rolloutId);
    if (lease && !this.stopped && !this.inGrace()) void this.decide(lease);
  }

  private inGrace(): boolean {
    return this.sight.clearForMs() < this.options.clearSightMs;
  }

  private holdBack(): boolean {
    const hold = this.inGrace();
    if (hold !== this.heldBack) {
      this.heldBack = hold;
      if (hold) this.log.info({ clearSightMs: this.options.clearSightMs }, 'deciding nothing until heartbeats have been recorded again for a whole online window (server start, or the database failed or stalled)');
      else this.log.info('heartbeats recorded for a whole online window: deciding rollouts');
    }
    return hold;
  }

  private async tick(): Promise<void> {
    // Its reads are watched: one that stalled means heartbeats were not being recorded either.
    const held = await this.sight.watch(() => this.leaseStore.acquire(this.options.maxLeases));
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
    const loaded = await this.sight.watch(() => this.store.load(lease.rolloutId));
    // A read that stalled (Postgres was away) may hold heartbeat times from before the stall;
    // the heartbeats sent meanwhile were not recorded. Decide once they have been again.
    if (!loaded || this.inGrace()) return;
    const now = this.clock.now();
    const { snapshot, spec } = buildSnapshot(loaded, now);
    this.sender.stillOpen(lease.rolloutId, new Set(loaded.steps.flatMap((step) => (awaitsAnswer(step) ? [step.reloadId] : awaitsRollbackAnswer(step) ? [step.rollbackReloadId] : []).filter((id): id is string => id !== null))));
    const decision = decideNext(snapshot, now);
    const applied = await this.store.apply(lease, loaded, snapshot, decision, now);
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
    // Worked out from the load above and what this decision wrote, not by loading every step again:
    // that second read of the whole rollout per answer made each decision cost twice its size.
    const claimed = new Map(applied.value.map((claim) => [claim.hostName, claim]));
    const sent: Promise<void>[] = [];
    const settled = new Set(decision.actions.flatMap((action) => (action.type === 'settle-step' || action.type === 'settle-rollback' ? [action.host] : [])));
    for (const step of loaded.steps) {
      const claim = claimed.get(step.hostName);
      let kind: 'change' | 'rollback';
      let reloadId: string | null;
      if (claim) {
        kind = claim.kind;
        reloadId = claim.reloadId;
      } else {
        if (settled.has(step.hostName)) continue;
        if (!awaitsAnswer(step) && !awaitsRollbackAnswer(step)) continue;
        kind = step.state === 'dispatched' ? 'change' : 'rollback';
        reloadId = kind === 'change' ? step.reloadId : step.rollbackReloadId;
      }
      if (!reloadId) continue;
      sent.push(this.sender.send({ lease, spec, dryRun: loaded.rollout.dryRun, step, kind, reloadId, address: loaded.addresses.get(step.hostName), fresh: claim !== undefined }));
    }
    // While this batch runs, connect to the hosts of the next one: once this batch's calls are out,
    // because a hundred TLS handshakes started alongside them delayed every call by ~200 ms.
    const dispatched = decision.actions.find((action) => action.type === 'dispatch');
    if (dispatched && dispatched.type === 'dispatch') {
      const next = loaded.steps.filter((step) => step.batch === dispatched.batch + 1 && step.state === 'pending');
      const addresses = next.flatMap((step) => {
        const address = loaded.addresses.get(step.hostName);
        return address ? [{ hostName: step.hostName, address }] : [];
      });
      void Promise.all(sent).then(() => this.sender.warm(addresses));
    }
  }
}
