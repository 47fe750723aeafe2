// The single-host reload: render the change, validate it with `haproxy -c`,
// write it atomically, restart HAProxy with a strategy while probing the
// listeners, verify the new process really took over, roll back to the
// last-known-good config on any failure, and record one result per reload id.
import { mkdirSync } from 'node:fs';
import { applyChanges, configHash, ConfigChange, discoverHaproxy, HaproxyConfig, parseConfig, renderConfig } from '@hitless/haproxy';
import { silentLogger, type Logger } from '@hitless/log';
import { CommandError, ProcessRunner, SystemProcessRunner } from '@hitless/process';
import { DaemonController } from './control/daemon-controller';
import type { HaproxyController } from './control/haproxy-controller';
import { MasterWorkerController } from './control/master-worker-controller';
import { checkBindAddresses } from './host/bind-preflight';
import { ConfigStore, DEFAULT_CHECK_LIMITS, type ConfigCheckLimits } from './host/config-store';
import { adminStatsSocket, guardedListeners, probePlan, socketTransferSocket } from './host/config-listeners';
import { probeCapabilities } from './host/host-capabilities';
import { HostLedger } from './host/host-ledger';
import { keepAliveAdvice } from './host/keepalive-advice';
import { listListeners, waitForOldListenersGone } from './host/listeners';
import { InFlightRecord, RELOAD_ID_PATTERN, ReloadJournal } from './host/reload-journal';
import { PhaseClock } from './phase-clock';
import { ProbeFigures, startProbe } from './probe';
import { ReloadInProgressError, ReloadRequestError } from './reload-errors';
import type { BackendServerStates, HostCapabilities, PhaseEvent, ProbeSettings, ReloadOutcome, ReloadRequest, ReloadResult, StrategyName } from './reload-types';
import { planFor, StrategyPlan } from './strategies/strategy-plan';
import type { GuardContext } from './strategies/reload-guard';

export type HaproxyRuntime = { mode: 'master-worker'; masterSocket: string } | { mode: 'daemon'; pidFile: string };

export interface ReloadEngineOptions {
  configPath: string;
  /** Where the engine keeps last-known-good, results and its ledger (one per host). */
  stateDir: string;
  haproxyBinary?: string;
  /** How HAProxy runs; discovered from the running processes when absent. */
  runtime?: HaproxyRuntime;
  /** Run host commands in this network namespace (lab hosts). */
  netns?: string;
  /** Where this host reaches its own wildcard binds; default 127.0.0.1. */
  probeHost?: string;
  /** Interfaces whose ingress the plug strategy covers (besides loopback). */
  ingressInterfaces?: string[];
  probe?: Partial<ProbeSettings>;
  /** How long a new process may take to start and the old one to let go of its sockets. */
  verifyTimeoutMs?: number;
  /** Time and memory limits of `haproxy -c`; default DEFAULT_CHECK_LIMITS. */
  checkLimits?: Partial<ConfigCheckLimits>;
  runner?: ProcessRunner;
  log?: Logger;
}

const DEFAULT_PROBE: ProbeSettings = { ratePerSecond: 200, client: 'close', marginMs: 300 };
const EMPTY_FIGURES: ProbeFigures = {
  requests: 0, failed: 0, errors: {}, p50_ms: 0, p99_ms: 0, max_ms: 0, byTarget: {},
  eventLoopLag_p99_ms: 0, eventLoopLag_max_ms: 0, inFlight: 0, durationMs: 0,
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  ok: boolean;
  oldPids: number[];
  newPids: number[];
  /** Why it failed, in our words: this reaches every API reader. */
  error?: string;
  /** What HAProxy printed while failing to start: kept out of `error`, it goes to validationOutput only. */
  haproxyOutput?: string;
}

/**
 * validationOutput holds everything HAProxy itself printed during a reload (it can quote the
 * config and the files HAProxy read, so the server shows it to operators only): the check's
 * output, then what a new process that failed to start said, labelled.
 */
function haproxyOutput(check: string, ...starts: [string, Attempt | undefined][]): string {
  const more = starts.filter(([, attempt]) => attempt?.haproxyOutput).map(([label, attempt]) => `${label}:\n${attempt!.haproxyOutput}`);
  return [check, ...more].filter((part) => part.length > 0).join('\n\n');
}

export class ReloadEngine {
  private readonly runner: ProcessRunner;
  private readonly log: Logger;
  private readonly store: ConfigStore;
  private readonly ledger: HostLedger;
  private readonly journal: ReloadJournal;
  private readonly binary: string;
  private controller?: HaproxyController;
  private capabilitiesCache?: HostCapabilities;
  private inFlight?: string;

  constructor(private readonly options: ReloadEngineOptions) {
    this.runner = options.runner ?? new SystemProcessRunner(options.log);
    this.log = options.log ?? silentLogger;
    this.binary = options.haproxyBinary ?? '/usr/sbin/haproxy';
    mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
    this.store = new ConfigStore(options.configPath, options.stateDir, this.binary, this.runner, { ...DEFAULT_CHECK_LIMITS, ...options.checkLimits });
    this.ledger = new HostLedger(options.stateDir, this.runner);
    this.journal = new ReloadJournal(options.stateDir);
  }

  /** Opens an engine and puts the host back in order after a crash (see recover()). */
  static async open(options: ReloadEngineOptions): Promise<ReloadEngine> {
    const engine = new ReloadEngine(options);
    await engine.recover();
    return engine;
  }

  async capabilities(): Promise<HostCapabilities> {
    if (!this.capabilitiesCache) {
      const controller = await this.haproxy();
      this.capabilitiesCache = await probeCapabilities({
        haproxyBinary: this.binary,
        mode: controller.mode,
        socketTransferVia: controller.mode === 'daemon' && controller.transfersSockets ? 'stats socket' : undefined,
        netns: this.options.netns,
        runner: this.runner,
      });
    }
    return this.capabilitiesCache;
  }

  /** The stored result of a past reload, if this host ran it. */
  result(reloadId: string): Promise<ReloadResult | undefined> {
    return this.journal.result(reloadId);
  }

  /**
   * Keeps the live config as last-known-good if none is kept yet. After a crash or SIGKILL: undo every guard still engaged (rules, qdiscs,
   * sysctls), and if a reload was interrupted after its config was written,
   * put the last-known-good config back and reload it, so HAProxy runs one
   * whole config. The interrupted reload gets a result, so it is reported.
   */
  async recover(): Promise<ReloadResult | undefined> {
    // On first contact the running HAProxy is taken to run the live file.
    await this.store.keepLiveAsLastKnownGoodIfMissing();
    const undone = await this.ledger.undoAll();
    if (undone.length) this.log.warn({ undone: undone.map((e) => `${e.reloadId}: ${e.what}`) }, 'released guards left engaged by an interrupted reload');
    const record = await this.journal.inFlight();
    if (!record) return undefined;
    if (await this.journal.result(record.reloadId)) {
      await this.journal.clearInFlight();
      return undefined;
    }
    // Last-known-good is replaced only after the new workers were verified: if it already holds the
    // interrupted reload's config, that reload succeeded and only its result was lost on the way.
    const lastKnownGood = await this.store.readLastKnownGood();
    if (lastKnownGood !== undefined && record.configHashAfter !== record.configHashBefore && configHash(lastKnownGood) === record.configHashAfter) {
      return this.finishInterrupted(record, 'succeeded', {
        newPids: [], configHashAfter: record.configHashAfter, phases: [],
        error: 'the agent stopped after this reload was verified and before its result was saved; the host runs the new config',
      });
    }
    this.log.warn({ reloadId: record.reloadId, phase: record.phase }, 'finishing a reload interrupted by a restart: restoring last-known-good');
    const clock = new PhaseClock(record.reloadId, () => undefined);
    const restored = await this.rollBack(clock, record.reloadId, planFor('seamless', []));
    return this.finishInterrupted(record, restored.ok ? 'rolled-back' : 'failed', {
      newPids: restored.newPids,
      configHashAfter: configHash(await this.store.readLive()),
      phases: clock.timings,
      validationOutput: haproxyOutput('', ['restoring the last-known-good config', restored]),
      error: `the agent stopped during ${record.phase}; last-known-good config restored${restored.ok ? '' : ` but its reload failed: ${restored.error}`}`,
    });
  }

  private async finishInterrupted(
    record: InFlightRecord,
    outcome: ReloadResult['outcome'],
    facts: Pick<ReloadResult, 'newPids' | 'configHashAfter' | 'phases' | 'error'> & Partial<Pick<ReloadResult, 'validationOutput'>>,
  ): Promise<ReloadResult> {
    const result: ReloadResult = {
      reloadId: record.reloadId,
      outcome,
      strategy: record.strategy as StrategyName,
      strategyReason: record.strategyReason,
      changes: record.changes ?? [],
      summary: [],
      oldPids: record.oldPids,
      configHashBefore: record.configHashBefore,
      validationOutput: '',
      probe: EMPTY_FIGURES,
      startedAt: record.startedAt,
      finishedAt: new Date().toISOString(),
      ...facts,
    };
    await this.journal.saveResult(result);
    await this.journal.clearInFlight();
    return result;
  }

  async reload(request: ReloadRequest, onEvent: (event: PhaseEvent) => void = () => undefined): Promise<ReloadResult> {
    if (!RELOAD_ID_PATTERN.test(request.reloadId)) {
      throw new ReloadRequestError('reloadId must be 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit', 'reloadId');
    }
    const previous = await this.journal.result(request.reloadId);
    if (previous) return previous;
    if (this.inFlight) throw new ReloadInProgressError(this.inFlight);
    this.inFlight = request.reloadId;
    try {
      const interrupted = await this.journal.inFlight();
      if (interrupted) throw new ReloadInProgressError(interrupted.reloadId);
      const result = await this.run(request, onEvent);
      await this.journal.saveResult(result);
      await this.journal.clearInFlight();
      return result;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async run(request: ReloadRequest, onEvent: (event: PhaseEvent) => void): Promise<ReloadResult> {
    const startedAt = new Date().toISOString();
    const clock = new PhaseClock(request.reloadId, onEvent);
    const liveText = await this.store.readLive();
    const { config: changed, changes, summary } = await clock.run('render', async () => applyChanges(parseConfig(liveText), request.changes));
    const newText = renderConfig(changed);
    const { strategy, strategyReason } = await this.chooseStrategy(request.strategy);
    const controller = await this.haproxy();
    const base = {
      reloadId: request.reloadId, strategy, strategyReason, changes, summary, startedAt,
      configHashBefore: configHash(liveText), configHashAfter: configHash(liveText),
      oldPids: await controller.currentPids(), newPids: [] as number[], probe: EMPTY_FIGURES,
    };
    const finish = (outcome: ReloadOutcome, extra: Partial<ReloadResult>): ReloadResult => ({
      ...base, outcome, phases: clock.timings, validationOutput: '', finishedAt: new Date().toISOString(), ...extra,
    });

    // Validation runs before anything is written to the live file, so when it cannot even run (the
    // candidate cannot be written beside the live file: a read-only or full config dir, or haproxy
    // cannot be started) nothing was changed: 'rejected', not a thrown error that the agent reports
    // as 'failed', which tells the server the host may carry the change and must be rolled back.
    const validation = await clock.run('validate', () => this.store.validate(newText, request.reloadId), (v) => v.ok).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (validation instanceof Error) {
      const [what, output] = validation instanceof CommandError ? [validation.brief, (validation.stdout + validation.stderr).trim()] : [validation.message, ''];
      return finish('rejected', { validationOutput: output, error: `the new config could not be validated here: ${what}; nothing was changed` });
    }
    if (!validation.ok) {
      const what = validation.stopped ?? 'refused the new config';
      return finish('rejected', { validationOutput: validation.output, error: `haproxy -c (as ${validation.checkedAs}) ${what}; nothing was changed` });
    }
    const unbindable = await checkBindAddresses(changed, this.runner, this.options.netns);
    if (unbindable.length) return finish('rejected', { validationOutput: validation.output, error: `the new config cannot start here: ${unbindable.join('; ')}; nothing was changed` });
    if (request.dryRun) return finish('validated', { validationOutput: validation.output, configHashAfter: configHash(newText) });

    const plan = planFor(strategy, this.options.ingressInterfaces ?? []);
    const probeSettings = { ...DEFAULT_PROBE, ...this.options.probe, ...request.probe };
    const targets = probePlan(changed, changedBackends(request.changes), this.options.probeHost ?? '127.0.0.1');
    base.summary = [...summary, ...targets.skipped.map((s) => `not probed: ${s}`), ...keepAliveAdvice(changed)];

    const inFlight: InFlightRecord = { ...base, phase: 'write', configHashAfter: configHash(newText) };
    await this.journal.markInFlight(inFlight);
    await clock.run('write', () => this.store.writeLive(newText));

    const probe = targets.targets.length && probeSettings.ratePerSecond > 0
      ? startProbe({ targets: targets.targets, ratePerSecond: probeSettings.ratePerSecond, client: probeSettings.client })
      : undefined;
    await sleep(probe ? probeSettings.marginMs : 0);
    let attempt: Attempt;
    try {
      await this.journal.markInFlight({ ...inFlight, phase: 'reload' });
      attempt = await this.restartGuarded(clock, request.reloadId, plan, changed, targets.targets.map((t) => t.port));
      if (!attempt.ok) {
        this.log.warn({ reloadId: request.reloadId, error: attempt.error }, 'reload failed: rolling back to last-known-good');
        await this.journal.markInFlight({ ...inFlight, phase: 'rollback' });
        const restored = await this.rollBack(clock, request.reloadId, plan);
        await sleep(probe ? probeSettings.marginMs : 0);
        return finish(restored.ok ? 'rolled-back' : 'failed', {
          validationOutput: haproxyOutput(validation.output, ['starting the new config', attempt], ['restoring the last-known-good config', restored]),
          newPids: restored.newPids,
          configHashAfter: configHash(await this.store.readLive()),
          error: restored.ok ? attempt.error : `${attempt.error}; rollback failed too: ${restored.error}`,
          probe: probe ? await probe.stop() : EMPTY_FIGURES,
        });
      }
      await sleep(probe ? probeSettings.marginMs : 0);
    } finally {
      if (probe) base.probe = await probe.stop();
    }
    await this.store.rememberLastKnownGood(newText);
    return finish('succeeded', {
      validationOutput: validation.output,
      newPids: attempt.newPids,
      configHashAfter: configHash(newText),
      probe: base.probe,
      backendServers: await this.backendServers(controller),
    });
  }

  /** Engages the plan's guard, restarts, verifies the takeover, and always releases the guard. */
  private async restartGuarded(clock: PhaseClock, reloadId: string, plan: StrategyPlan, cfg: HaproxyConfig, probedPorts: number[]): Promise<Attempt> {
    const controller = await this.haproxy();
    const context: GuardContext = { reloadId, netns: this.options.netns, listeners: guardedListeners(cfg), ledger: this.ledger, runner: this.runner };
    const timeoutMs = this.options.verifyTimeoutMs ?? 30_000;
    try {
      if (plan.guard) await clock.run('prepare', () => plan.guard!.engage(context));
      const restart = await clock.run('reload', () => controller.restart({ transferSockets: plan.transferSockets, timeoutMs }), (r) => r.ok);
      if (!restart.ok) {
        return { ok: false, oldPids: restart.oldPids, newPids: restart.newPids, error: `HAProxy did not take the new config: ${restart.detail}`, haproxyOutput: restart.output };
      }
      const verified = await clock.run('verify', () => this.verifyTakeover(restart.oldPids, restart.newPids, probedPorts, timeoutMs), (v) => v === undefined);
      if (verified) return { ok: false, oldPids: restart.oldPids, newPids: restart.newPids, error: verified };
      return { ok: true, oldPids: restart.oldPids, newPids: restart.newPids };
    } finally {
      if (plan.guard) await clock.run('cleanup', () => plan.guard!.release(context));
    }
  }

  /** Server states as the new worker sees them; undefined when the host has no runtime API for it. */
  private async backendServers(controller: HaproxyController): Promise<BackendServerStates | undefined> {
    const runtime = controller.runtime();
    if (!runtime) return undefined;
    try {
      const { servers } = await runtime.showServersState();
      const notRunning = servers.filter((s) => s.opState !== 'running' || s.admin.maintenance).map((s) => `${s.backendName}/${s.serverName}: ${s.admin.maintenance ? 'maintenance' : s.opState}`);
      return { total: servers.length, up: servers.length - notRunning.length, notRunning };
    } catch (error) {
      this.log.warn({ error: (error as Error).message }, 'could not read server states after the reload');
      return undefined;
    }
  }

  /** Undefined when the new process listens on every probed port and no old one listens any more. */
  private async verifyTakeover(oldPids: number[], newPids: number[], ports: number[], timeoutMs: number): Promise<string | undefined> {
    if (!(await waitForOldListenersGone(this.runner, oldPids, this.options.netns, timeoutMs))) {
      return `an old HAProxy process (${oldPids.join(', ')}) still listens ${timeoutMs} ms after the reload`;
    }
    const sockets = await listListeners(this.runner, this.options.netns);
    const fresh = new Set(newPids);
    const missing = ports.filter((port) => !sockets.some((s) => s.port === port && s.pids.some((pid) => fresh.has(pid))));
    return missing.length ? `the new HAProxy process does not listen on port(s) ${missing.join(', ')}` : undefined;
  }

  private async rollBack(clock: PhaseClock, reloadId: string, plan: StrategyPlan): Promise<Attempt> {
    const good = await this.store.readLastKnownGood();
    if (good === undefined) return { ok: false, oldPids: [], newPids: [], error: 'no last-known-good config is kept' };
    return clock.run('rollback', async () => {
      await this.store.writeLive(good);
      return this.restartGuarded(clock, `${reloadId}.rollback`, plan, parseConfig(good), []);
    }, (a) => a.ok);
  }

  private async chooseStrategy(forced: StrategyName | undefined): Promise<{ strategy: StrategyName; strategyReason: string }> {
    const capabilities = await this.capabilities();
    if (!forced) return { strategy: capabilities.preferred, strategyReason: `best available: ${capabilities.preferredReason}` };
    const availability = capabilities.strategies.find((s) => s.name === forced);
    if (!availability) throw new ReloadRequestError(`unknown strategy "${forced}"`, 'strategy');
    if (!availability.available) throw new ReloadRequestError(`strategy ${forced} is not available on this host: ${availability.reason}`, 'strategy');
    const note = capabilities.haproxy.mode === 'master-worker' && forced !== 'seamless' ? ' (master-worker: the reload itself still passes sockets)' : '';
    return { strategy: forced, strategyReason: `forced by the caller: ${availability.reason}${note}` };
  }

  private async haproxy(): Promise<HaproxyController> {
    if (this.controller) return this.controller;
    const runtime = this.options.runtime ?? (await this.discoverRuntime());
    if (runtime.mode === 'master-worker') {
      this.controller = new MasterWorkerController(runtime.masterSocket);
    } else {
      const cfg = parseConfig(await this.store.readLive());
      this.controller = new DaemonController(
        {
          binary: this.binary,
          pidFile: runtime.pidFile,
          configFiles: [this.options.configPath],
          socketTransferVia: socketTransferSocket(cfg),
          statsSocket: adminStatsSocket(cfg),
          netns: this.options.netns,
        },
        this.runner,
      );
    }
    return this.controller;
  }

  private async discoverRuntime(): Promise<HaproxyRuntime> {
    const instance = await discoverHaproxy({ configPath: this.options.configPath });
    if (instance.mode === 'master-worker') {
      if (!instance.masterSocket) throw new Error(`HAProxy ${instance.masterPid} runs in master-worker mode without a master socket (-S); add one`);
      return { mode: 'master-worker', masterSocket: instance.masterSocket };
    }
    if (!instance.pidFile) throw new Error('HAProxy runs as a daemon without a pid file (-p); add one');
    return { mode: 'daemon', pidFile: instance.pidFile };
  }
}

function changedBackends(changes: ConfigChange[]): string[] {
  return [...new Set(changes.map((c) => c.backend))];
}
