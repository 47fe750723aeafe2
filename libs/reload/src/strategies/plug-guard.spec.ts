import type { ProcessRunner, RunningProcess, RunResult } from '@hitless/process';
import { HostLedger } from '../host/host-ledger';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plugGuard, plugPlan, plugWatchdogArgs } from './plug-guard';

const listeners = [{ family: 'ipv4' as const, portFrom: 8080, portTo: 8080 }];

/** Records what would run, in order; the watchdog is a process that stays until stopped. */
function recordingRunner(log: string[]): ProcessRunner {
  return {
    async run(command, args): Promise<RunResult> {
      log.push(`run ${command} ${args.join(' ')}`);
      return { command, args: [...args], exitCode: 0, stdout: '', stderr: '' };
    },
    spawn(command, args): RunningProcess {
      log.push(`spawn ${command} ${args.join(' ')}`);
      return {
        pid: 4242, command, args, exited: new Promise(() => undefined), output: () => ({ stdout: '', stderr: '' }),
        stop: async (signal) => void log.push(`stop watchdog ${signal ?? 'SIGTERM'}`),
      };
    },
  };
}

describe('plug watchdog', () => {
  let stateDir: string;
  beforeEach(async () => (stateDir = await mkdtemp(join(tmpdir(), 'hitless-plug-spec-'))));
  afterEach(() => rm(stateDir, { recursive: true, force: true }));

  it('releases every plug of the plan after the time limit, the delay and devices passed as arguments', () => {
    const plan = plugPlan({ listeners, reloadId: 'r1' }, ['veth0']);
    const args = plugWatchdogArgs(plan, 2500);
    expect(args.slice(2)).toEqual(['hitless-plug-watchdog', '2.500', 'lo', 'hlifb0']);
    expect(args[1]).toContain('plug release_indefinite');
    expect(args[1]).not.toMatch(/lo|hlifb0|2\.5/);
  });

  it('starts before anything blocks and is stopped before the release', async () => {
    const log: string[] = [];
    const runner = recordingRunner(log);
    const context = { reloadId: 'r2', listeners, ledger: new HostLedger(stateDir, runner), runner };
    const guard = plugGuard([], 1000);
    await guard.engage(context);
    const watchdogAt = log.findIndex((line) => line.startsWith('spawn sh -c'));
    const firstBlockAt = log.findIndex((line) => line.endsWith('plug block'));
    expect(watchdogAt).toBeGreaterThanOrEqual(0);
    expect(watchdogAt).toBeLessThan(firstBlockAt);
    await guard.release(context);
    const stopAt = log.indexOf('stop watchdog SIGKILL');
    const releaseAt = log.indexOf('run tc qdisc change dev lo handle 40: plug release_indefinite', firstBlockAt);
    expect(stopAt).toBeGreaterThan(firstBlockAt);
    expect(stopAt).toBeLessThan(releaseAt);
    expect(await context.ledger.entries()).toEqual([]);
  });
});
