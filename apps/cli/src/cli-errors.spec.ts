import { ApiError } from '@hitless/api-contract';
import { describeApiError } from './cli-errors';
import { describeFailure } from './describe-failure';
import { EXIT, exitCodeForStatus } from './exit-codes';

describe('API errors', () => {
  it('maps statuses to the documented exit codes', () => {
    expect([400, 401, 403, 404, 409, 500].map(exitCodeForStatus)).toEqual([EXIT.usage, EXIT.auth, EXIT.auth, EXIT.notFound, EXIT.conflict, EXIT.internal]);
  });

  it('names every failing field of a 400 on one line', () => {
    const body = { error: 'bad_input', message: 'x', fields: [{ field: 'spec.changes[0].balance.algorithm', message: "unknown algorithm 'fastest'" }, { field: 'name', message: 'no\nnewline' }] };
    expect(describeApiError(400, body)).toBe("400 bad input: spec.changes[0].balance.algorithm: unknown algorithm 'fastest'; name: no newline");
  });

  it('uses the message when there are no fields, and survives bodies that are not objects', () => {
    expect(describeApiError(404, { error: 'not_found', message: "rollout 'x'" })).toBe("404 not found: rollout 'x'");
    expect(describeApiError(409, { message: ['a', 'b'] })).toBe('409 conflict: a; b');
    expect(describeApiError(502, undefined)).toBe('502 server error');
    expect(describeFailure(new ApiError(403, { error: 'forbidden', message: 'Forbidden' })).exitCode).toBe(EXIT.auth);
  });
});
