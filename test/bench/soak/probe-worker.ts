// Worker-thread side of a soak probe: runs one client kind's probe on its own
// event loop and answers the parent's requests for figures. See worker-probe.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { startProbe, type ProbeOptions } from '@hitless/reload';
import type { ToWorker } from './worker-probe';

const port = parentPort;
if (!port) throw new Error('probe-worker.ts runs as a worker thread only');
const probe = startProbe(workerData as ProbeOptions);
// Loading the sources takes a while on a busy machine: the parent starts its clock only now.
port.postMessage({ id: -1 });
port.on('message', (message: ToWorker) => {
  if (message.kind === 'snapshot') {
    port.postMessage({ id: message.id, figures: probe.snapshot() });
    return;
  }
  void probe.stop().then((figures) => {
    port.postMessage({ id: message.id, figures });
    port.close();
  });
});
