import { ConfirmationRequiredError } from '../errors/confirmation-required-error';
import { RolloutInputError } from '../errors/rollout-input-error';
import { parseRolloutSpec } from '../spec/parse-rollout-spec';
import { blastRadius, checkConfirmation } from './blast-radius';
import { planRollout } from './plan-rollout';
import type { InventoryHost } from './select-targets';

function fleet(count: number, offline = 0): InventoryHost[] {
  return Array.from({ length: count }, (_unused, i) => ({ name: `lb-${i + 1}`, labels: { env: 'prod' }, online: i >= offline }));
}

function spec(plan: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return parseRolloutSpec({ target: { labels: { env: 'prod' } }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }], plan, ...extra });
}

function refusal(run: () => unknown): ConfirmationRequiredError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfirmationRequiredError) return error;
    throw error;
  }
  throw new Error('expected a ConfirmationRequiredError');
}

describe('blast radius', () => {
  it.each([
    // [targeted hosts, batch size, wide?]
    [40, 40, true], // every host in one batch: the issue's case
    [1000, 11, true], // more than 10 hosts, though 1.1%
    [1000, 10, false],
    [40, 10, false], // 25% exactly is not more than 25%
    [40, 11, true], // 27.5%
    [8, 3, true], // 37.5%, though only 3 hosts
    [8, 2, false],
    [3, 3, true],
    [3, 2, true],
    [2, 1, false], // one host at a time is never wide
    [1, 1, false],
  ])('%i targeted hosts in batches of %i: wide is %s', (targeted, batch, wide) => {
    const plan = planRollout(spec({ batchSize: { count: batch } }), fleet(targeted));
    expect(blastRadius(spec({ batchSize: { count: batch } }), plan)).toEqual({ targetedHosts: targeted, firstBatchHosts: Math.min(batch, targeted), wide });
  });

  it('refuses a wide rollout without confirm, saying how to confirm and with the counts as data', () => {
    const wide = spec({ batchSize: { percent: 100 } });
    const error = refusal(() => checkConfirmation(wide, planRollout(wide, fleet(40))));
    expect(error).toBeInstanceOf(RolloutInputError);
    expect(error.issues).toEqual([{ path: 'confirm', message: expect.stringContaining('"confirm": {"hosts": 40}') }]);
    expect(error.issues[0].message).toMatch(/first batch would change 40 of 40 targeted hosts at once with no canary/);
    expect([error.targetedHosts, error.firstBatchHosts]).toEqual([40, 40]);
  });

  it('takes a wide rollout confirmed with the number of targeted hosts, offline ones included', () => {
    // 4 of the 40 are offline and skipped: the operator confirms what the selector matched.
    const confirmed = spec({ batchSize: { percent: 100 } }, { confirm: { hosts: 40 } });
    expect(checkConfirmation(confirmed, planRollout(confirmed, fleet(40, 4)))).toEqual({ targetedHosts: 40, firstBatchHosts: 36, wide: true });
  });

  it('refuses a confirmation for another number of hosts, stating the real count, even where none was needed', () => {
    const wrong = spec({ batchSize: { percent: 100 } }, { confirm: { hosts: 30 } });
    const error = refusal(() => checkConfirmation(wrong, planRollout(wrong, fleet(40))));
    expect(error.issues).toEqual([{ path: 'confirm.hosts', message: expect.stringMatching(/^is 30, but the target selects 40 host\(s\) now/) }]);
    expect(error.targetedHosts).toBe(40);
    const narrow = spec({ batchSize: { count: 1 } }, { confirm: { hosts: 5 } });
    expect(refusal(() => checkConfirmation(narrow, planRollout(narrow, fleet(4)))).issues[0].path).toBe('confirm.hosts');
  });

  it('needs no confirmation for a dry run or behind a canary', () => {
    const dry = spec({ batchSize: { percent: 100 } }, { dryRun: true });
    expect(checkConfirmation(dry, planRollout(dry, fleet(40))).wide).toBe(false);
    const canary = spec({ canary: { count: 1 }, batchSize: { percent: 100 } });
    expect(checkConfirmation(canary, planRollout(canary, fleet(40))).wide).toBe(false);
  });

  it('accepts confirm only as {hosts: N} with N a positive whole number', () => {
    for (const confirm of [{ hosts: 0 }, { hosts: -1 }, { hosts: 1.5 }, { hosts: '40' }, { hosts: 40, yes: true }, {}, true]) {
      expect(() => spec({ batchSize: { count: 1 } }, { confirm })).toThrow(RolloutInputError);
    }
    expect(spec({ batchSize: { count: 1 } }, { confirm: { hosts: 40 } }).confirm).toEqual({ hosts: 40 });
  });
});
