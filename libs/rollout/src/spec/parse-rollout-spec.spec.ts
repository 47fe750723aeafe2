import { STRATEGY_NAMES } from '@hitless/reload';
import { RolloutInputError } from '../errors/rollout-input-error';
import { MAX_CHANGES_PER_RELOAD, MAX_NAME_LENGTH } from '@hitless/haproxy';
import { parseRolloutSpec } from './parse-rollout-spec';
import { MAX_TARGET_HOSTS } from './spec-limits';
import { ROLLOUT_STRATEGIES } from './strategy-names';

const valid = {
  target: { labels: { region: 'eu' } },
  changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
  plan: { canary: { count: 1 }, batchSize: { percent: 10 } },
};

function pathsOf(input: unknown): string[] {
  try {
    parseRolloutSpec(input);
  } catch (error) {
    if (error instanceof RolloutInputError) return error.issues.map((issue) => issue.path).sort();
    throw error;
  }
  throw new Error('expected the spec to be rejected');
}

function withPlan(plan: Record<string, unknown>) {
  return { ...valid, plan: { ...valid.plan, ...plan } };
}

describe('parseRolloutSpec', () => {
  it('fills defaults and marks a balance change as needing a reload', () => {
    expect(parseRolloutSpec(valid)).toEqual({
      target: { labels: { region: 'eu' } },
      changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'leastconn' } }],
      kind: 'reload',
      plan: { canary: { count: 1 }, batchSize: { percent: 10 }, pauseBetweenBatchesSeconds: 0, failureBudget: 0 },
      gates: { probeFailureThreshold: 0, requireBackendServersUp: true, agentDeadlineSeconds: 300 },
      offlineHosts: 'skip',
      dryRun: false,
    });
  });

  it('marks a weight-only rollout as a runtime change (no reload)', () => {
    const spec = parseRolloutSpec({ ...valid, changes: [{ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 }] });
    expect(spec.kind).toBe('runtime');
  });

  it('accepts the balance argument forms of @hitless/haproxy and a stored BalanceSetting', () => {
    const forms = ['hdr(Host) use_domain_only', { algorithm: 'hdr', args: ['Host', 'use_domain_only'] }, { algorithm: 'hdr', header: 'Host', useDomainOnly: true }];
    for (const balance of forms) {
      const spec = parseRolloutSpec({ ...valid, changes: [{ kind: 'set-balance', backend: 'api', balance }] });
      expect(spec.changes[0]).toEqual({ kind: 'set-balance', backend: 'api', balance: { algorithm: 'hdr', header: 'Host', useDomainOnly: true } });
    }
  });

  it('parses its own output again after a JSON round trip (how the server stores specs)', () => {
    const spec = parseRolloutSpec({
      ...valid,
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'uri len 10 whole' }],
      scheduledStart: '2026-11-26T02:00:00+01:00',
    });
    expect(parseRolloutSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('takes every other field as given', () => {
    const spec = parseRolloutSpec({
      target: { hosts: ['lb-1', 'lb-2'], labels: { env: 'prod' } },
      changes: valid.changes,
      plan: { canary: { hosts: ['lb-1'] }, batchSize: { count: 5 }, maxUnavailable: 2, pauseBetweenBatchesSeconds: 60, failureBudget: 1 },
      gates: { probeFailureThreshold: 3, requireBackendServersUp: false, agentDeadlineSeconds: 30 },
      strategy: 'seamless',
      offlineHosts: 'wait',
      dryRun: true,
      windowId: 'tue-thu-night',
      scheduledStart: '2026-11-26T02:00:00+01:00',
    });
    expect(spec.scheduledStart).toEqual(new Date('2026-11-26T01:00:00Z'));
    expect(spec).toMatchObject({ strategy: 'seamless', offlineHosts: 'wait', dryRun: true, windowId: 'tue-thu-night' });
    expect(spec.plan).toEqual({ canary: { hosts: ['lb-1'] }, batchSize: { count: 5 }, maxUnavailable: 2, pauseBetweenBatchesSeconds: 60, failureBudget: 1 });
  });

  it.each<[string, unknown, string[]]>([
    ['an empty selector', { ...valid, target: {} }, ['target']],
    ['a selector with empty lists', { ...valid, target: { labels: {}, hosts: [] } }, ['target']],
    ['a host name with a newline', { ...valid, target: { hosts: ['lb-1\nlb-2'] } }, ['target.hosts[0]']],
    ['a duplicate host', { ...valid, target: { hosts: ['lb-1', 'lb-1'] } }, ['target.hosts[1]']],
    ['a label value with a space', { ...valid, target: { labels: { region: 'eu west' } } }, ['target.labels.region']],
    ['no change', { ...valid, changes: [] }, ['changes']],
    ['an unknown change kind', { ...valid, changes: [{ kind: 'set-maxconn', backend: 'api' }] }, ['changes[0].kind']],
    ['an unknown algorithm', { ...valid, changes: [{ kind: 'set-balance', backend: 'api', balance: 'fastest' }] }, ['changes[0].balance.algorithm']],
    [
      'a balance with a newline injecting a directive',
      { ...valid, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn\n    server evil 1.2.3.4:80' }] },
      ['changes[0].balance'],
    ],
    ['a backend name with a newline', { ...valid, changes: [{ kind: 'set-balance', backend: 'api\nlisten x', balance: 'leastconn' }] }, ['changes[0].backend']],
    ['a backend name with a comment', { ...valid, changes: [{ kind: 'set-balance', backend: 'api#x', balance: 'leastconn' }] }, ['changes[0].backend']],
    [
      'a weight out of range',
      { ...valid, changes: [{ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 257 }] },
      ['changes[0].weight'],
    ],
    [
      'a server name with a space',
      { ...valid, changes: [{ kind: 'set-server-weight', backend: 'api', server: 'web 1', weight: 5 }] },
      ['changes[0].server'],
    ],
    ['a zero batch', withPlan({ batchSize: { count: 0 } }), ['plan.batchSize.count']],
    ['a negative batch', withPlan({ batchSize: { count: -3 } }), ['plan.batchSize.count']],
    ['a fractional batch', withPlan({ batchSize: { count: 1.5 } }), ['plan.batchSize.count']],
    ['a zero percentage', withPlan({ batchSize: { percent: 0 } }), ['plan.batchSize.percent']],
    ['a percentage above 100', withPlan({ batchSize: { percent: 101 } }), ['plan.batchSize.percent']],
    ['a batch size as a bare number', withPlan({ batchSize: 5 }), ['plan.batchSize']],
    ['no batch size', { ...valid, plan: { canary: { count: 1 } } }, ['plan.batchSize']],
    ['a zero canary count', withPlan({ canary: { count: 0 } }), ['plan.canary.count']],
    ['an empty canary host list', withPlan({ canary: { hosts: [] } }), ['plan.canary.hosts']],
    ['a zero max unavailable', withPlan({ maxUnavailable: 0 }), ['plan.maxUnavailable']],
    ['a negative pause', withPlan({ pauseBetweenBatchesSeconds: -1 }), ['plan.pauseBetweenBatchesSeconds']],
    ['a negative failure budget', withPlan({ failureBudget: -1 }), ['plan.failureBudget']],
    ['a misspelt plan key', withPlan({ batchsize: { count: 1 } }), ['plan.batchsize']],
    ['a negative probe threshold', { ...valid, gates: { probeFailureThreshold: -1 } }, ['gates.probeFailureThreshold']],
    ['a zero agent deadline', { ...valid, gates: { agentDeadlineSeconds: 0 } }, ['gates.agentDeadlineSeconds']],
    ['an unknown strategy', { ...valid, strategy: 'teleport' }, ['strategy']],
    [
      'a strategy forced on a runtime-only change',
      { ...valid, strategy: 'seamless', changes: [{ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 5 }] },
      ['strategy'],
    ],
    ['an unknown offline policy', { ...valid, offlineHosts: 'ignore' }, ['offlineHosts']],
    ['a scheduled start without an offset', { ...valid, scheduledStart: '2026-11-26 02:00' }, ['scheduledStart']],
    ['a scheduled start in the year 0', { ...valid, scheduledStart: '0000-11-26T02:00:00Z' }, ['scheduledStart']],
    ['a window id with a newline', { ...valid, windowId: 'night\nx' }, ['windowId']],
    ['a canary host outside the target list', { ...valid, target: { hosts: ['lb-1'] }, plan: { canary: { hosts: ['lb-9'] }, batchSize: { count: 1 } } }, ['plan.canary.hosts[0]']],
    ['a top-level unknown key', { ...valid, dryrun: true }, ['dryrun']],
    ['a kind that contradicts the changes', { ...valid, kind: 'runtime' }, ['kind']],
    ['a hash expression that reads a file', { ...valid, changes: [{ kind: 'set-balance', backend: 'api', balance: 'hash src,map_ip(/etc/shadow)' }] }, ['changes[0].balance.expression']],
    ['a hash expression reading the environment', { ...valid, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'hash', args: ['env(HOME)'] } }] }, ['changes[0].balance.expression']],
    ['a stored hash setting running Lua', { ...valid, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'hash', expression: 'lua.x' } }] }, ['changes[0].balance.expression']],
    ['a backend name over the length limit', { ...valid, changes: [{ kind: 'set-balance', backend: 'b'.repeat(MAX_NAME_LENGTH + 1), balance: 'leastconn' }] }, ['changes[0].backend']],
  ])('rejects %s with the failing field path', (_name, input, paths) => {
    expect(pathsOf(input)).toEqual(paths);
  });

  it('lists every failing field in one error', () => {
    const paths = pathsOf({ target: {}, changes: [{ kind: 'set-balance', backend: 'a b', balance: 'nope' }], plan: { batchSize: { count: 0 } }, dryRun: 'yes' });
    expect(paths).toEqual(['changes[0].backend', 'dryRun', 'plan.batchSize.count', 'target']);
  });

  describe('limits', () => {
    const hosts = (n: number, prefix = 'lb-') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const weight = (i: number) => ({ kind: 'set-server-weight', backend: 'api', server: `web${i}`, weight: 1 });

    it('takes as many changes as one reload applies, and refuses one more naming changes alone', () => {
      expect(parseRolloutSpec({ ...valid, changes: Array.from({ length: MAX_CHANGES_PER_RELOAD }, (_, i) => weight(i)) }).changes).toHaveLength(64);
      expect(pathsOf({ ...valid, changes: Array.from({ length: MAX_CHANGES_PER_RELOAD + 1 }, (_, i) => weight(i)) })).toEqual(['changes']);
      // Past the limit the items are not checked one by one: one issue, not 65.
      expect(pathsOf({ ...valid, changes: Array.from({ length: MAX_CHANGES_PER_RELOAD + 1 }, () => ({ kind: 'nope' })) })).toEqual(['changes']);
    });

    it('takes 10,000 distinct target and canary hosts', () => {
      const all = hosts(MAX_TARGET_HOSTS);
      const spec = parseRolloutSpec({ ...valid, target: { hosts: all }, plan: { canary: { hosts: all.slice(-MAX_TARGET_HOSTS) }, batchSize: { count: 100 } } });
      expect(spec.target.hosts).toHaveLength(MAX_TARGET_HOSTS);
      expect(new Set(spec.target.hosts).size).toBe(MAX_TARGET_HOSTS);
    });

    it('refuses a host list over the cap, for the target and the canary', () => {
      const tooMany = hosts(MAX_TARGET_HOSTS + 1);
      expect(pathsOf({ ...valid, target: { hosts: tooMany } })).toEqual(['target.hosts']);
      expect(pathsOf({ ...valid, plan: { canary: { hosts: tooMany }, batchSize: { count: 1 } } })).toEqual(['plan.canary.hosts']);
    });

    it('finds every duplicate in a long list, once each, at the repeated position', () => {
      const list = [...hosts(5000, 'a-'), ...hosts(4998, 'b-'), 'a-17', 'b-4000'];
      expect(pathsOf({ ...valid, target: { hosts: list } })).toEqual(['target.hosts[9998]', 'target.hosts[9999]']);
    });
  });

  it('rejects input that is not an object', () => {
    expect(pathsOf(null)).toEqual(['']);
    expect(pathsOf('roll it all')).toEqual(['']);
  });

  it('offers exactly the strategies the reload engine knows', () => {
    expect([...ROLLOUT_STRATEGIES].sort()).toEqual([...STRATEGY_NAMES].sort());
  });
});
