// A probe on its own worker thread. A soak drives thousands of requests per
// second; on the event loop that also runs the reload engine, the engine's
// steps would wait behind the load (and the reload times would measure that
// wait), and one loop could not generate the load either. One worker per
// client kind lets the kinds use whatever CPU the machine has left.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { ProbeFigures, ProbeOptions } from '@hitless/reload';

export type ToWorker = { kind: 'snapshot' | 'stop'; id: number };
/** id -1, without figures: the probe has started. */
type FromWorker = { id: number; figures?: ProbeFigures };

export interface WorkerProbe {
  /** Resolves once the probe runs (its first request is due at once); rejects if the worker failed first. */
  ready: Promise<void>;
  snapshot(): Promise<ProbeFigures>;
  /** Stops issuing, waits for the requests in flight (each bounded by the probe's timeout), ends the thread. */
  stop(): Promise<ProbeFigures>;
}

/**
 * The worker runs the TypeScript sources as they are, through tsx's require hook, as the
 * benchmark itself does (`tsx test/bench/...`).
 */
function workerSource(): string {
  const entry = join(__dirname, 'probe-worker.ts');
  return `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`;
}

export function startWorkerProbe(options: ProbeOptions): WorkerProbe {
  const worker = new Worker(workerSource(), { eval: true, workerData: options });
  const pending = new Map<number, { resolve: (figures: ProbeFigures) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  let started: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => (started = { resolve, reject }));
  const failAll = (error: Error) => {
    failure ??= error;
    started?.reject(error);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('message', (message: FromWorker) => {
    if (message.figures === undefined) {
      started?.resolve();
      return;
    }
    pending.get(message.id)?.resolve(message.figures);
    pending.delete(message.id);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the probe worker exited (${code}) with requests for figures outstanding`)));
  const ask = (kind: ToWorker['kind']): Promise<ProbeFigures> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ kind, id } satisfies ToWorker);
    });
  };
  let stopping: Promise<ProbeFigures> | undefined;
  // Nobody may be waiting for it when a worker fails late; the failure still reaches ask().
  ready.catch(() => undefined);
  return {
    ready,
    snapshot: () => ask('snapshot'),
    stop: () => {
      stopping ??= ask('stop').finally(() => void worker.terminate());
      return stopping;
    },
  };
}
