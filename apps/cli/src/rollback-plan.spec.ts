import { CliFailure } from './cli-errors';
import { EXIT } from './exit-codes';
import { planRollback } from './rollback-plan';
import { detail, step } from './test-details';

const spec = { target: { labels: { env: 'prod' } }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }], plan: { canary: { count: 1 }, batchSize: { count: 2 } }, gates: { agentDeadlineSeconds: 60 } };

describe('planRollback', () => {
  it('sets every changed host back to the balance it reported before, grouped by that value', () => {
    const plans = planRollback(
      detail('succeeded', [
        step('lb-1', { state: 'succeeded', changed: true, previousBalances: { api: 'roundrobin' } }),
        step('lb-2', { state: 'succeeded', changed: true, previousBalances: { api: 'source' } }),
        step('lb-3', { state: 'succeeded', changed: true, previousBalances: { api: 'roundrobin' } }),
        step('lb-4', { state: 'rolled-back', changed: true, previousBalances: { api: 'roundrobin' } }),
        step('lb-5', { state: 'skipped', changed: false }),
      ], spec),
    );
    expect(plans).toEqual([
      {
        name: 'rollback of to leastconn part 1 of 2',
        idempotencyKey: 'rollback-11111111-1111-4111-8111-111111111111-1',
        spec: { target: { hosts: ['lb-1', 'lb-3'] }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'roundrobin' }], plan: { batchSize: { count: 2 } }, gates: { agentDeadlineSeconds: 60 } },
      },
      expect.objectContaining({ name: 'rollback of to leastconn part 2 of 2', spec: expect.objectContaining({ target: { hosts: ['lb-2'] } }) }),
    ]);
  });

  it('has nothing to do when no host runs the change', () => {
    expect(planRollback(detail('rolled-back', [step('lb-1', { state: 'rolled-back', changed: false })], spec))).toEqual([]);
  });

  it.each<[string, ReturnType<typeof detail>, RegExp]>([
    ['a rollout still running', detail('running', [], spec), /is running; abort it/],
    ['a weight change', detail('succeeded', [], { ...spec, changes: [{ kind: 'set-server-weight', backend: 'api', server: 'w', weight: 1 }] }), /not supported for set-server-weight/],
    ['an unrecorded previous balance', detail('succeeded', [step('lb-1', { state: 'succeeded', changed: true, previousBalances: {} })], spec), /not recorded for lb-1/],
  ])('refuses %s plainly instead of guessing', (_case, input, message) => {
    let failure: unknown;
    try {
      planRollback(input);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(CliFailure);
    expect((failure as CliFailure).message).toMatch(message);
    expect((failure as CliFailure).exitCode).toBe(EXIT.conflict);
  });
});
