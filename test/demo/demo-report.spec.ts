import type { RolloutState } from '@hitless/api-contract';
import { hostRows, rolloutState } from './demo-report';
import { demoWindowSchedule } from './demo-window';
import { reloadMs, strategyName, type RolloutView, type StepView } from './rollout-view';

const step = (hostName: string, state: string, reloadResult: StepView['reloadResult']): StepView => ({
  hostName,
  batch: 0,
  state,
  outcome: null,
  failedRequests: null,
  failureReasons: null,
  reloadResult,
});
const view = (state: RolloutState, steps: StepView[]): RolloutView => ({ rollout: { id: 'r1', state, summary: null, stopReason: null, wakeAt: null }, steps });

describe('demo report', () => {
  it('reads the agent result as proto JSON: enum names, 64-bit counts as strings, the reload phases only', () => {
    const result = {
      strategy: 'STRATEGY_SYN_DROP',
      phases: [{ phase: 'validate', ms: 40 }, { phase: 'prepare', ms: 2 }, { phase: 'reload', ms: 100 }, { phase: 'verify', ms: 30 }],
      probe: { requests: '250', failed: '1' },
    };
    expect(strategyName(result.strategy)).toBe('syn-drop');
    expect(reloadMs(result)).toBe(132);
    expect(hostRows(view('succeeded', [step('lb1', 'succeeded', result)]), new Map([['lb1', '198.18.0.2']]))).toEqual([
      { name: 'lb1', address: '198.18.0.2', strategy: 'syn-drop', reload_ms: 132, requests_during_reload: 250, failed: 1 },
    ]);
  });

  it('lists a host without a result as not reloaded, and calls the rollout incomplete when a host was skipped', () => {
    const skipped = view('succeeded', [step('lb1', 'succeeded', {}), step('lb2', 'skipped', null)]);
    expect(hostRows(skipped, new Map([['lb2', '198.18.0.6']]))[0]).toMatchObject({ strategy: 'not-reloaded', requests_during_reload: 0 });
    expect(rolloutState(skipped)).toBe('incomplete');
    expect(rolloutState(view('rolled-back', []))).toBe('rolled-back');
    expect(rolloutState(view('succeeded', [step('lb1', 'succeeded', {})]))).toBe('succeeded');
  });

  it('schedules the demo window at the next whole minute and two minutes later, across the hour', () => {
    const { cron, openings } = demoWindowSchedule(new Date('2026-11-25T12:58:59.500Z'));
    expect(cron).toBe('59,1 * * * *');
    expect(openings.map((d) => d.toISOString())).toEqual(['2026-11-25T12:59:00.000Z', '2026-11-25T13:01:00.000Z']);
  });
});
