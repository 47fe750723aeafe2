// Scenario 4, inside the VM: the process that engaged the plug dies (SIGKILL).
// The plug's watchdog must open it within its time limit, so the held
// connection completes; the qdiscs and the iptables rule stay behind until the
// next engine start, which undoes them from the ledger.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningProcess, SystemProcessRunner } from '@hitless/process';
import { ReloadEngine } from '@hitless/reload';
import { startHeldRequest } from './held-connection';
import { runScenario } from './inside-output';
import { openPlugScene } from './plug-scene';

const CHILD = join(__dirname, 'crash-child.ts');

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** The time the child printed with `plugged`, as soon as it has printed it; undefined if it ended without. */
async function pluggedAt(child: RunningProcess): Promise<number | undefined> {
  let ended = false;
  void child.exited.then(() => (ended = true));
  for (;;) {
    const plugged = /plugged (\d+)/.exec(child.output().stdout);
    if (plugged) return Number(plugged[1]);
    if (ended) return undefined;
    await sleep(10);
  }
}

runScenario(async () => {
  const runner = new SystemProcessRunner();
  const scene = await openPlugScene('crash', { ingress: false, runner });
  const { netns, address } = scene.lab.host;
  const hostState = async () => ({
    qdiscs: (await runner.run('tc', ['qdisc', 'show', 'dev', 'lo'], { netns })).stdout,
    mangle: (await runner.run('iptables', ['-w', '5', '-t', 'mangle', '-S', 'OUTPUT'], { netns })).stdout,
    ledger: await exists(join(scene.lab.stateDir, 'engaged.json')),
  });
  try {
    const options = { configPath: scene.lab.lb.configPath, stateDir: scene.lab.stateDir, pidFile: scene.lab.lb.pidFile, netns, probeHost: address };
    // The child runs the same way this script does (node with tsx's loader).
    const child = runner.spawn(process.execPath, [...process.execArgv, CHILD, JSON.stringify(options)], { stdio: 'pipe' });
    const blockedAt = await pluggedAt(child);
    if (blockedAt === undefined) throw new Error(`the child never engaged the plug (exit ${await child.exited}): ${child.output().stderr}`);
    // The held request starts the moment the plug is engaged, before anything else: the watchdog's
    // limit counts from the block, and under TCG each process start (the child's death, reading
    // the host's state) costs a good part of it. Started late, the request would find the plug
    // already open and prove nothing.
    const request = startHeldRequest(runner, { host: '127.0.0.1', port: scene.frontendPort, netns });
    const startedAfterBlockMs = Date.now() - blockedAt;
    const childExit = await child.exited;
    const afterDeath = await hostState();
    const finished = await request.finish();
    const completedAfterBlockMs = Date.now() - blockedAt;
    const afterWatchdog = await hostState();

    const restarted = await ReloadEngine.open({
      configPath: options.configPath, stateDir: options.stateDir, runtime: { mode: 'daemon', pidFile: options.pidFile },
      netns, probeHost: address, probe: { ratePerSecond: 0 }, runner,
    });
    const afterRestart = await hostState();
    const interrupted = await restarted.result('crash-1');
    const check = startHeldRequest(runner, { host: '127.0.0.1', port: scene.frontendPort, netns });
    return {
      childExit,
      afterDeath,
      request: finished,
      startedAfterBlockMs,
      completedAfterBlockMs,
      afterWatchdog,
      afterRestart,
      interrupted: interrupted && { outcome: interrupted.outcome, error: interrupted.error },
      requestAfterRestart: await check.finish(),
    };
  } finally {
    await scene.lab.close();
  }
});
