import { awaitReload, type ShowProcSource } from './await-reload';
import { fixture } from './fixtures';
import { RuntimeApiError } from './runtime-api-error';
import { parseShowProc, type ShowProc } from './show-proc';

/** Answers show proc from a script: each call takes the next entry (the last one repeats). */
function scripted(steps: Array<ShowProc | Error>): ShowProcSource & { calls: number } {
  const source = {
    calls: 0,
    async showProc(): Promise<ShowProc> {
      const step = steps[Math.min(source.calls, steps.length - 1)];
      source.calls++;
      if (step instanceof Error) throw step;
      return step;
    },
  };
  return source;
}

const refused = new RuntimeApiError('refused', { socketPath: '/m.sock', command: 'show proc', reason: 'refused' });

describe('awaitReload', () => {
  const before = parseShowProc(fixture('show-proc.2.6.12-failed-reload.txt')); // reloads 2, worker 8133
  const after = parseShowProc(fixture('show-proc.2.6.12-old-workers.txt')); // reloads 4, worker 8551

  it('succeeds once the counter moved and a new worker appeared, riding over a refused socket', async () => {
    const source = scripted([before, refused, after]);
    const result = await awaitReload(source, before, { intervalMs: 1 });
    expect(result).toEqual({ status: 'succeeded', proc: after, newWorkerPids: [8551] });
    expect(source.calls).toBe(3);
  });

  it('reports a failed reload from the failed counter', async () => {
    const good = parseShowProc(fixture('show-proc.2.6.12.txt')); // reloads 4, failed 0
    const failed: ShowProc = { ...good, master: { ...good.master, reloads: 5, failedReloads: 1 } };
    expect(await awaitReload(scripted([failed]), good, { intervalMs: 1 })).toEqual({ status: 'failed', proc: failed });
  });

  it('times out when nothing changes', async () => {
    const result = await awaitReload(scripted([before]), before, { intervalMs: 5, timeoutMs: 30 });
    expect(result.status).toBe('timeout');
  });

  it('does not swallow non-transient errors', async () => {
    const rejected = new RuntimeApiError('no', { socketPath: '/m.sock', command: 'show proc', reason: 'unexpected-output' });
    await expect(awaitReload(scripted([rejected]), before, { intervalMs: 1 })).rejects.toBe(rejected);
  });
});
