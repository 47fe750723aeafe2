// Scenarios 1 and 3 (deterministic) and the capability probe, inside the VM:
// the real engine runs a `plug` reload and is stopped just before HAProxy
// restarts. Meanwhile a new connection, from inside the host (loopback) or
// from the VM's root namespace over the veth (ingress, ifb + mirred), must get
// no SYN-ACK; once the engine continues and releases the plug, it completes.
import { setTimeout as sleep } from 'node:timers/promises';
import { SystemProcessRunner } from '@hitless/process';
import { eventually, HeldRequest, startHeldRequest } from './held-connection';
import { HoldingRunner } from './holding-runner';
import { runScenario } from './inside-output';
import { openPlugScene } from './plug-scene';

/**
 * Past the first SYN retransmission (1 s), and well inside the plug's own time
 * limit (5 s, counted from the block), which a slow emulated machine eats into.
 */
const HOLD_MS = 1200;

async function holdOnce(path: 'loopback' | 'ingress') {
  const system = new SystemProcessRunner();
  const runner = new HoldingRunner(system);
  const scene = await openPlugScene(path === 'loopback' ? 'hold-lo' : 'hold-in', { ingress: path === 'ingress', runner });
  try {
    const capabilities = await scene.engine.capabilities();
    const target = path === 'loopback'
      ? { host: '127.0.0.1', port: scene.frontendPort, netns: scene.lab.host.netns }
      : { host: scene.lab.host.address, port: scene.frontendPort };
    const observed: { qdiscsWhileHeld?: string; synSentSeen?: boolean; stillWaitingAfterHold?: boolean; hookMs?: number; request?: HeldRequest } = {};
    runner.atNextRestart(async () => {
      const hookStarted = Date.now();
      // Finished after the reload: the engine goes on (restart, verify, release) once this hook returns.
      // The client starts first: every process start here costs time the plug's 5 s limit also counts.
      const request = startHeldRequest(system, target);
      observed.request = request;
      observed.synSentSeen = await eventually(() => request.waitingForSynAck(), 3000);
      await sleep(HOLD_MS);
      observed.stillWaitingAfterHold = await request.waitingForSynAck();
      observed.hookMs = Date.now() - hookStarted;
      observed.qdiscsWhileHeld = (await system.run('tc', ['qdisc', 'show'], { netns: scene.lab.host.netns })).stdout;
    });
    let finished;
    try {
      const result = await scene.reload(`hold-${path}`, 'plug', 0);
      if (!observed.request) throw new Error(`the engine never restarted HAProxy: ${result.outcome} ${result.error ?? ''}`);
      finished = { result, request: await observed.request.finish() };
    } finally {
      await observed.request?.stop();
    }
    const leftover = await system.run('tc', ['qdisc', 'show'], { netns: scene.lab.host.netns });
    return {
      path,
      plug: capabilities.strategies.find((s) => s.name === 'plug'),
      outcome: finished.result.outcome,
      error: finished.result.error,
      synSentSeen: observed.synSentSeen,
      stillWaitingAfterHold: observed.stillWaitingAfterHold,
      heldMs: HOLD_MS,
      /** How long the engine was held in all; past 5 s the plug's watchdog may already have opened it. */
      hookMs: observed.hookMs,
      qdiscsWhileHeld: observed.qdiscsWhileHeld,
      request: finished.request,
      qdiscsAfter: leftover.stdout,
    };
  } finally {
    await scene.lab.close();
  }
}

runScenario(async () => ({ loopback: await holdOnce('loopback'), ingress: await holdOnce('ingress') }));
