import { errorCode, statusFailureCode } from './failure-code';

describe('failure codes', () => {
  it('takes the code of a socket error', () => {
    const error: NodeJS.ErrnoException = new Error('read ECONNRESET');
    error.code = 'ECONNRESET';
    expect(errorCode(error)).toBe('ECONNRESET');
    expect(errorCode({ code: 'EPIPE' })).toBe('EPIPE');
  });

  it('still counts an error without a code', () => {
    expect(errorCode(new Error('odd'))).toBe('EUNKNOWN');
    expect(errorCode(undefined)).toBe('EUNKNOWN');
  });

  it('fails only server error statuses', () => {
    expect(statusFailureCode(200)).toBeUndefined();
    expect(statusFailureCode(499)).toBeUndefined();
    expect(statusFailureCode(500)).toBe('HTTP_500');
    expect(statusFailureCode(503)).toBe('HTTP_503');
  });
});
