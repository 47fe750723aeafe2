// The fleet-wide rollout, through the REST API as an operator would do it:
// create it, then poll GET /rollouts/:id and print every step as it changes.
import type { ApiClient } from '../support/api-client';
import { isTerminal } from '@hitless/api-contract';
import { probeFigures, reloadMs, strategyName, type RolloutView, type StepView } from './rollout-view';

export interface DemoRolloutOptions {
  api: ApiClient;
  hosts: string[];
  algorithm: string;
  say: (line: string) => void;
  timeoutMs: number;
  /** Ctrl-C: stop watching (the rollout itself goes on in the server until it is torn down). */
  signal: AbortSignal;
  /** A maintenance window the rollout may only run in, and the pause that makes a batch boundary fall outside it. */
  window?: { id: string; pauseBetweenBatchesSeconds: number };
}

export async function runDemoRollout(options: DemoRolloutOptions): Promise<RolloutView> {
  const batchSize = Math.max(1, Math.ceil((options.hosts.length - 1) / 2));
  const spec = {
    target: { hosts: options.hosts },
    changes: [{ kind: 'set-balance', backend: 'api', balance: options.algorithm }],
    plan: { canary: { count: 1 }, batchSize: { count: batchSize }, failureBudget: 0, pauseBetweenBatchesSeconds: options.window?.pauseBetweenBatchesSeconds ?? 0 },
    // Every gate on: zero failed probe requests, all backend servers UP again, the agent answered.
    gates: { probeFailureThreshold: 0, requireBackendServersUp: true, agentDeadlineSeconds: 60 },
    ...(options.window ? { windowId: options.window.id } : {}),
  };
  const created = await options.api.post<{ id: string }>('/rollouts', { name: `demo-${options.algorithm}`, spec });
  if (created.status !== 201) throw new Error(`POST /api/v1/rollouts answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  options.say(`rollout ${id}: backend api -> balance ${options.algorithm}; canary 1 host, then batches of ${batchSize}`);

  const seen = new Map<string, string>();
  let lastState = '';
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const response = await options.api.get<RolloutView>(`/rollouts/${id}`);
    if (response.status !== 200) throw new Error(`GET /api/v1/rollouts/${id} answered ${response.status}: ${JSON.stringify(response.body)}`);
    const view = response.body;
    const final = isTerminal(view.rollout.state);
    const stateLine = view.rollout.state === lastState ? undefined : describeRollout(view);
    lastState = view.rollout.state;
    // A rollout's start above its hosts' lines, its end below them.
    if (stateLine && !final) options.say(`  ${clockTime(new Date())} ${stateLine}`);
    for (const step of [...view.steps].sort((a, b) => a.batch - b.batch || a.hostName.localeCompare(b.hostName))) {
      const line = describeStep(step);
      if (seen.get(step.hostName) !== line) {
        seen.set(step.hostName, line);
        if (step.state !== 'pending') options.say(`  ${clockTime(new Date())}   ${line}`);
      }
    }
    if (stateLine && final) options.say(`  ${clockTime(new Date())} ${stateLine}`);
    if (final || options.signal.aborted) return view;
    if (Date.now() > deadline) throw new Error(`rollout ${id} did not finish within ${options.timeoutMs / 1000} s (state ${view.rollout.state})`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function describeRollout(view: RolloutView): string {
  const { state, summary, wakeAt } = view.rollout;
  const wake = state === 'waiting-for-window' && wakeAt ? ` (the window opens at ${clockTime(new Date(wakeAt))})` : '';
  return `rollout ${state}${summary ? `: ${summary}` : ''}${wake}`;
}

function describeStep(step: StepView): string {
  const where = `${step.batch === 0 ? 'canary ' : `batch ${step.batch}`.padEnd(7)} ${step.hostName}`;
  if (!step.reloadResult || step.state === 'dispatched') return `${where}: ${step.state}`;
  const probe = probeFigures(step.reloadResult);
  const reasons = step.failureReasons?.length ? ` (${step.failureReasons.join('; ')})` : '';
  return `${where}: ${step.state}, ${strategyName(step.reloadResult.strategy)} reload in ${reloadMs(step.reloadResult)} ms, probe ${probe.requests} requests, ${probe.failed} failed${reasons}`;
}

export function clockTime(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`;
}
