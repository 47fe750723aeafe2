// Master-worker HAProxy (Debian's stock `-Ws -S /run/haproxy-master.sock`): the
// master re-executes itself and passes the listening sockets to the new worker.
// From 2.7 the master answers `reload` only once the new worker is up or has
// failed (`Success=1`/`Success=0`), so one look at `show proc` names the new
// worker; 2.6 answers with nothing, so there the outcome is read from `show proc`
// as it changes.
import { awaitReload, MasterCli, RuntimeQueries, type ShowProc } from '@hitless/haproxy';
import type { HaproxyController, RestartOutcome } from './haproxy-controller';

export class MasterWorkerController implements HaproxyController {
  readonly mode = 'master-worker' as const;
  readonly transfersSockets = true;
  private readonly cli: MasterCli;

  constructor(readonly masterSocket: string) {
    this.cli = new MasterCli(masterSocket);
  }

  async currentPids(): Promise<number[]> {
    return (await this.cli.showProc()).workers.map((w) => w.pid);
  }

  runtime(): RuntimeQueries {
    return this.cli.worker;
  }

  async restart(options: { transferSockets: boolean; timeoutMs: number }): Promise<RestartOutcome> {
    const before = await this.cli.showProc();
    const oldPids = before.workers.map((w) => w.pid);
    const answer = await this.cli.reload();
    if (answer.kind === 'completed' && !answer.success) {
      return { ok: false, oldPids, newPids: oldPids, detail: 'the master reported a failed reload', output: answer.startupLog };
    }
    if (answer.kind === 'completed') {
      // The master said the new worker is up: no waiting for counters to move. If this one
      // look fails or shows no new worker, the polling below decides (and reports why).
      const after = await this.cli.showProc().catch(() => undefined);
      const newPids = after ? newWorkers(before, after) : [];
      if (newPids.length > 0) return { ok: true, oldPids, newPids, detail: '', output: '' };
    }
    const result = await awaitReload(this.cli, before, { timeoutMs: options.timeoutMs });
    if (result.status === 'succeeded') return { ok: true, oldPids, newPids: result.newWorkerPids, detail: '', output: '' };
    if (result.status === 'failed') {
      return {
        ok: false,
        oldPids,
        newPids: result.proc.workers.map((w) => w.pid),
        detail: `the new worker failed to start (show proc: failed reloads ${result.proc.master.failedReloads ?? 'unknown'}); the old worker keeps serving`,
        output: '',
      };
    }
    return { ok: false, oldPids, newPids: [], detail: `no new worker within ${options.timeoutMs} ms: ${String(result.lastError ?? 'master socket did not show one')}`, output: '' };
  }
}

function newWorkers(before: ShowProc, after: ShowProc): number[] {
  const known = new Set([...before.workers, ...before.oldWorkers].map((worker) => worker.pid));
  return after.workers.map((worker) => worker.pid).filter((pid) => !known.has(pid));
}
