import type { AppliedChange } from '@hitless/api-contract';
import { CliFailure } from './cli-errors';
import { EXIT } from './exit-codes';
import { planRollback } from './rollback-plan';
import { detail, step } from './test-details';

const spec = { target: { labels: { env: 'prod' } }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }], plan: { canary: { count: 1 }, batchSize: { count: 2 } }, gates: { agentDeadlineSeconds: 60 } };

/** The record an agent reports for `balance leastconn` on api, with the value it replaced. */
function balanceFrom(value: string, origin: AppliedChange['before']['origin'] = 'explicit'): AppliedChange[] {
  return [{ backend: 'api', field: 'balance', before: { value, origin }, after: { value: 'leastconn', origin: 'explicit' }, line: 12, edit: origin === 'explicit' ? 'replaced' : 'inserted' }];
}

describe('planRollback', () => {
  it('sets every changed host back to the balance it reported before, grouped by that value', () => {
    const plans = planRollback(
      detail('succeeded', [
        step('lb-1', { state: 'succeeded', changed: true, appliedChanges: balanceFrom('roundrobin') }),
        step('lb-2', { state: 'succeeded', changed: true, appliedChanges: balanceFrom('source') }),
        step('lb-3', { state: 'succeeded', changed: true, appliedChanges: balanceFrom('roundrobin') }),
        step('lb-4', { state: 'rolled-back', changed: true, appliedChanges: balanceFrom('roundrobin') }),
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

  it('makes an inherited balance and an inherited weight inherited again, last change first', () => {
    const weights = { ...spec, changes: [...spec.changes, { kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 }] };
    const applied: AppliedChange[] = [
      ...balanceFrom('roundrobin', 'defaults'),
      { backend: 'api', server: 'web1', field: 'weight', before: { value: '1', origin: 'haproxy-default' }, after: { value: '50', origin: 'explicit' }, line: 14, edit: 'replaced' },
    ];
    const [plan] = planRollback(detail('failed', [step('lb-1', { state: 'succeeded', changed: true, appliedChanges: applied })], weights));
    expect(plan.spec.changes).toEqual([
      { kind: 'inherit-server-weight', backend: 'api', server: 'web1' },
      { kind: 'inherit-balance', backend: 'api' },
    ]);
  });

  it('has nothing to do when no host runs the change', () => {
    expect(planRollback(detail('rolled-back', [step('lb-1', { state: 'rolled-back', changed: false })], spec))).toEqual([]);
  });

  it.each<[string, ReturnType<typeof detail>, RegExp]>([
    ['a rollout still running', detail('running', [], spec), /is running; abort it/],
    ['an unrecorded previous value', detail('succeeded', [step('lb-1', { state: 'succeeded', changed: true, appliedChanges: [] })], spec), /not recorded for lb-1/],
    ['a record of another backend', detail('succeeded', [step('lb-1', { state: 'succeeded', changed: true, appliedChanges: [{ ...balanceFrom('source')[0], backend: 'web' }] })], spec), /not recorded for lb-1/],
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
