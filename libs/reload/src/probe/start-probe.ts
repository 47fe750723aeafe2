// Runs the probe: an open-loop schedule of requests, round-robin over the
// targets, each sent by the transport of the chosen client mode and recorded.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CloseTransport } from './close-transport';
import { monotonicMs, type ExchangeOutcome } from './exchange-outcome';
import { errorCode } from './failure-code';
import { buildRequest } from './http-request';
import { H2Transport } from './h2-transport';
import { IdlePool } from './idle-pool';
import { KeepalivePool } from './keepalive-pool';
import { OpenLoopScheduler } from './open-loop-scheduler';
import { ProbeRecorder, type EventLoopLag } from './probe-recorder';
import type { ProbeTransport, ResolvedTarget } from './probe-transport';
import type { ProbeFigures, ProbeOptions, ProbeRun } from './probe-types';

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_POOL_SIZE = 8;
const DEFAULT_IDLE_MAX_MS = 5000;
const DEFAULT_PATH = '/';
/**
 * Default maxInFlight: what the rate can have outstanding while every request runs into its
 * timeout, so the cap only bites when something is badly wrong, bounded by what the process
 * can hold open (file descriptors; `ulimit -n` is 20,000 on the test machines).
 */
const MAX_DEFAULT_IN_FLIGHT = 16_000;

/** Twice the connections the rate needs at the mean rest (idleMaxMs / 2), so a request does not wait for one. */
export function defaultIdlePoolMax(ratePerSecond: number, idleMaxMs: number): number {
  return Math.ceil((ratePerSecond * idleMaxMs) / 1000) + 64;
}

export function defaultMaxInFlight(ratePerSecond: number, timeoutMs: number): number {
  return Math.min(MAX_DEFAULT_IN_FLIGHT, Math.max(256, Math.ceil((ratePerSecond * timeoutMs) / 1000) + 64));
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function resolveTargets(options: ProbeOptions): ResolvedTarget[] {
  if (options.targets.length === 0) throw new RangeError('the probe needs at least one target');
  const path = options.path ?? DEFAULT_PATH;
  const seen = new Set<string>();
  return options.targets.map((target) => {
    positiveInteger('target port', target.port);
    const label = target.label ?? `${target.host}:${target.port}`;
    if (seen.has(label)) throw new RangeError(`duplicate probe target label ${label}`);
    seen.add(label);
    const hostHeader = options.hostHeader ?? `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
    return { host: target.host, port: target.port, label, path, authority: hostHeader, request: buildRequest(path, hostHeader, options.client !== 'close') };
  });
}

function createTransport(options: ProbeOptions, timeoutMs: number): ProbeTransport {
  const poolSize = () => positiveInteger('keepalivePoolSize', options.keepalivePoolSize ?? DEFAULT_POOL_SIZE);
  switch (options.client) {
    case 'close':
      return new CloseTransport(timeoutMs);
    case 'keepalive':
      return new KeepalivePool(poolSize(), timeoutMs);
    case 'h2':
      return new H2Transport(poolSize(), timeoutMs);
    case 'idle': {
      const idleMaxMs = positiveInteger('idleMaxMs', options.idleMaxMs ?? DEFAULT_IDLE_MAX_MS);
      const maxConnections = positiveInteger('idlePoolMax', options.idlePoolMax ?? defaultIdlePoolMax(options.ratePerSecond / options.targets.length, idleMaxMs));
      return new IdlePool({ idleMaxMs, maxConnections, timeoutMs });
    }
    default: {
      const unknown: never = options.client;
      throw new RangeError(`unknown probe client mode ${String(unknown)}`);
    }
  }
}

export function startProbe(options: ProbeOptions): ProbeRun {
  if (!Number.isFinite(options.ratePerSecond) || options.ratePerSecond <= 0) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
  }
  const targets = resolveTargets(options);
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight ?? defaultMaxInFlight(options.ratePerSecond, timeoutMs));
  const transport = createTransport(options, timeoutMs);
  const recorder = new ProbeRecorder(targets.map((target) => target.label));
  const inFlight = new Set<Promise<void>>();
  const startedAt = monotonicMs();
  let stoppedAt: number | undefined;

  const issue = (index: number): void => {
    const target = targets[index % targets.length];
    if (inFlight.size >= maxInFlight) {
      recorder.record(target.label, { code: 'EOVERLOAD' });
      return;
    }
    const sentAt = monotonicMs();
    let sent: Promise<ExchangeOutcome>;
    try {
      sent = transport.send(target, sentAt);
    } catch (error) {
      sent = Promise.reject(error);
    }
    const request: Promise<void> = sent
      // Transports resolve every failure as an outcome; a throw or rejection here is a probe bug,
      // and the request is still counted rather than lost.
      .catch((error: unknown): ExchangeOutcome => ({ ok: false, code: errorCode(error), latencyMs: monotonicMs() - sentAt }))
      .then((outcome) => {
        recorder.record(target.label, outcome.ok ? { latencyMs: outcome.latencyMs } : { code: outcome.code, latencyMs: outcome.latencyMs });
        inFlight.delete(request);
      });
    inFlight.add(request);
  };

  // The probe measures with its own event loop: record how late that loop ran, so a latency spike
  // caused by the probe (or whatever else runs in this process) can be told from the server's.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const lag = (): EventLoopLag =>
    loopDelay.count === 0 ? { p99Ms: 0, maxMs: 0 } : { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };

  const scheduler = new OpenLoopScheduler(options.ratePerSecond, issue, monotonicMs);
  scheduler.start();

  const elapsed = (): number => (stoppedAt ?? monotonicMs()) - startedAt;
  let stopping: Promise<ProbeFigures> | undefined;
  return {
    snapshot: () => recorder.figures(inFlight.size, elapsed(), lag()),
    stop: () => {
      stopping ??= (async () => {
        scheduler.stop();
        stoppedAt = monotonicMs();
        loopDelay.disable();
        // Each request settles within timeoutMs (its own timer), so this wait is bounded.
        await Promise.all([...inFlight]);
        await transport.close();
        return recorder.figures(inFlight.size, elapsed(), lag());
      })();
      return stopping;
    },
  };
}
