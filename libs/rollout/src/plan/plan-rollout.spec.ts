import { RolloutInputError } from '../errors/rollout-input-error';
import { parseRolloutSpec } from '../spec/parse-rollout-spec';
import { planRollout, resolveBatchSize } from './plan-rollout';
import type { InventoryHost } from './select-targets';

function fleet(count: number, labels: Record<string, string> = { region: 'eu' }): InventoryHost[] {
  // Deliberately out of order: the plan must not depend on inventory order.
  return Array.from({ length: count }, (_unused, i) => ({ name: `lb-${count - i}`, labels, online: true }));
}

function spec(plan: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return parseRolloutSpec({
    target: { labels: { region: 'eu' } },
    changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
    plan,
    ...extra,
  });
}

function pathsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RolloutInputError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a RolloutInputError');
}

describe('planRollout', () => {
  it('puts the canary first, then fixed-size batches in natural host-name order', () => {
    const plan = planRollout(spec({ canary: { count: 1 }, batchSize: { count: 4 } }), fleet(10));
    expect(plan.batches).toEqual([['lb-1'], ['lb-2', 'lb-3', 'lb-4', 'lb-5'], ['lb-6', 'lb-7', 'lb-8', 'lb-9'], ['lb-10']]);
    expect(plan.hasCanary).toBe(true);
    expect(plan.targets[9]).toBe('lb-10');
  });

  it('uses named canaries wherever they sort, and leaves them out of later batches', () => {
    const plan = planRollout(spec({ canary: { hosts: ['lb-7', 'lb-3'] }, batchSize: { count: 3 } }), fleet(8));
    expect(plan.batches).toEqual([['lb-3', 'lb-7'], ['lb-1', 'lb-2', 'lb-4'], ['lb-5', 'lb-6', 'lb-8']]);
  });

  it('has no canary batch when none is asked for', () => {
    const plan = planRollout(spec({ batchSize: { count: 2 } }), fleet(3));
    expect(plan).toMatchObject({ hasCanary: false, batches: [['lb-1', 'lb-2'], ['lb-3']] });
  });

  it.each([
    // [percent, targeted hosts, hosts per batch]
    [10, 25, 3], // 2.5 rounds up
    [10, 20, 2],
    [10, 5, 1], // 0.5 rounds up: a batch is never empty
    [1, 3, 1],
    [33, 10, 4], // 3.3 -> 4
    [50, 7, 4],
    [100, 7, 7],
  ])('takes %i%% of %i targeted hosts as %i per batch (rounded up)', (percent, count, size) => {
    expect(resolveBatchSize({ percent }, count)).toBe(size);
    const plan = planRollout(spec({ batchSize: { percent } }), fleet(count));
    expect(plan.batchSize).toBe(size);
    expect(plan.batches.length).toBe(Math.ceil(count / size));
    expect(plan.batches.flat()).toHaveLength(count);
  });

  it('counts the percentage over every targeted host, canary included', () => {
    const plan = planRollout(spec({ canary: { count: 2 }, batchSize: { percent: 10 } }), fleet(30));
    expect(plan.batchSize).toBe(3);
    expect(plan.batches.map((batch) => batch.length)).toEqual([2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1]);
  });

  it('targets listed hosts plus hosts carrying every selector label', () => {
    const hosts: InventoryHost[] = [
      { name: 'eu-1', labels: { region: 'eu', env: 'prod' }, online: true },
      { name: 'eu-2', labels: { region: 'eu', env: 'staging' }, online: true },
      { name: 'us-1', labels: { region: 'us', env: 'prod' }, online: true },
      { name: 'us-2', labels: { region: 'us', env: 'prod' }, online: true },
    ];
    const plan = planRollout(spec({ batchSize: { count: 10 } }, { target: { labels: { region: 'eu', env: 'prod' }, hosts: ['us-2'] } }), hosts);
    expect(plan.targets).toEqual(['eu-1', 'us-2']);
  });

  describe('offline hosts', () => {
    const hosts: InventoryHost[] = fleet(6).map((host) => ({ ...host, online: host.name !== 'lb-1' && host.name !== 'lb-4' }));

    it("lists them as skipped under 'skip' and plans only the online ones; the canary count takes an online host", () => {
      const plan = planRollout(spec({ canary: { count: 1 }, batchSize: { count: 2 } }), hosts);
      expect(plan.skipped).toEqual([
        { host: 'lb-1', reason: 'offline' },
        { host: 'lb-4', reason: 'offline' },
      ]);
      expect(plan.batches).toEqual([['lb-2'], ['lb-3', 'lb-5'], ['lb-6']]);
    });

    it("keeps them in the plan under 'wait', still preferring an online canary", () => {
      const plan = planRollout(spec({ canary: { count: 1 }, batchSize: { count: 2 } }, { offlineHosts: 'wait' }), hosts);
      expect(plan.skipped).toEqual([]);
      expect(plan.batches).toEqual([['lb-2'], ['lb-1', 'lb-3'], ['lb-4', 'lb-5'], ['lb-6']]);
    });

    it("refuses a named canary that is offline under 'skip'", () => {
      expect(pathsOf(() => planRollout(spec({ canary: { hosts: ['lb-4'] }, batchSize: { count: 2 } }), hosts))).toEqual(['plan.canary.hosts[0]']);
    });

    it('refuses a rollout whose every target is offline', () => {
      const down = fleet(3).map((host) => ({ ...host, online: false }));
      expect(pathsOf(() => planRollout(spec({ batchSize: { count: 2 } }), down))).toEqual(['target']);
    });
  });

  it('refuses unknown host names, a selector that matches nothing, and a canary larger than the fleet', () => {
    const byName = spec({ batchSize: { count: 1 } }, { target: { hosts: ['lb-1', 'lb-99'] } });
    expect(pathsOf(() => planRollout(byName, fleet(3)))).toEqual(['target.hosts[1]']);
    expect(pathsOf(() => planRollout(spec({ batchSize: { count: 1 } }), fleet(3, { region: 'us' })))).toEqual(['target']);
    expect(pathsOf(() => planRollout(spec({ canary: { count: 4 }, batchSize: { count: 1 } }), fleet(3)))).toEqual(['plan.canary.count']);
  });

  it('gives the same plan for the same inventory in any order', () => {
    const hosts = fleet(12);
    const a = planRollout(spec({ canary: { count: 2 }, batchSize: { percent: 25 } }), hosts);
    const b = planRollout(spec({ canary: { count: 2 }, batchSize: { percent: 25 } }), [...hosts].reverse());
    expect(b).toEqual(a);
  });
});
