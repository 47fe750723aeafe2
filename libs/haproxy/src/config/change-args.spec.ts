import { parseSetBalanceArg, parseSetWeightArg } from './change-args';
import { InvalidChangeError } from './errors';

describe('CLI change arguments', () => {
  it('parses set-balance arguments', () => {
    expect(parseSetBalanceArg('api=leastconn')).toEqual({ kind: 'set-balance', backend: 'api', balance: { algorithm: 'leastconn' } });
    expect(parseSetBalanceArg('be.v2:eu-1=uri len 10 whole')).toEqual({
      kind: 'set-balance',
      backend: 'be.v2:eu-1',
      balance: { algorithm: 'uri', len: 10, whole: true },
    });
    // Only the first '=' separates; a hash expression may contain more.
    expect(parseSetBalanceArg('api=hash query,field(1,=)').balance).toEqual({ algorithm: 'hash', expression: 'query,field(1,=)' });
  });

  it('parses set-weight arguments', () => {
    expect(parseSetWeightArg('api/web1=50')).toEqual({ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 });
    expect(parseSetWeightArg('api/web1=0').weight).toBe(0);
    expect(parseSetWeightArg('api/web1=256').weight).toBe(256);
  });

  it.each([
    ['api', 'set-balance'],
    ['=leastconn', 'set-balance.backend'],
    ['a pi=leastconn', 'set-balance.backend'],
    ['api=', 'set-balance.balance.algorithm'],
    ['api=leastconn\nserver x 1.1.1.1:1', 'set-balance.balance'],
  ])('rejects set-balance %j', (arg, field) => {
    expect(() => parseSetBalanceArg(arg)).toThrow(InvalidChangeError);
    expect(() => parseSetBalanceArg(arg)).toThrow(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
  });

  it.each([
    ['api=50', 'set-weight'],
    ['api/web1', 'set-weight'],
    ['/web1=5', 'set-weight.backend'],
    ['api/=5', 'set-weight.server'],
    ['api/web 1=5', 'set-weight.server'],
    ['api/web1=257', 'set-weight.weight'],
    ['api/web1=-1', 'set-weight.weight'],
    ['api/web1=1.5', 'set-weight.weight'],
    ['api/web1=', 'set-weight.weight'],
    ['api/web1=5\n', 'set-weight.weight'],
  ])('rejects set-weight %j', (arg, field) => {
    let caught: unknown;
    try {
      parseSetWeightArg(arg);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidChangeError);
    expect((caught as InvalidChangeError).field).toBe(field);
  });
});
