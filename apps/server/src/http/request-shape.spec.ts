import { BODY_LIMIT_BYTES, bodyHeaderProblem, bodyProblem } from './request-shape';

const json = { 'content-type': 'application/json', 'content-length': '20' };

describe('request shape', () => {
  it.each<[string, Record<string, string>]>([
    ['no body at all', {}],
    ['an empty body of any type', { 'content-type': 'text/plain', 'content-length': '0' }],
    ['JSON', json],
    ['JSON in UTF-8, any spelling', { ...json, 'content-type': 'Application/JSON; Charset="UTF-8"' }],
    ['identity encoding', { ...json, 'content-encoding': 'identity' }],
    ['a chunked JSON body', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }],
  ])('lets %s through', (_case, headers) => {
    expect(bodyHeaderProblem(headers)).toBeUndefined();
  });

  it.each<[string, Record<string, string>, number]>([
    ['a declared length over the limit', { ...json, 'content-length': String(BODY_LIMIT_BYTES + 1) }, 413],
    ['Latin-1', { ...json, 'content-type': 'application/json; charset=latin1' }, 415],
    ['UTF-16', { ...json, 'content-type': 'application/json; charset=utf-16' }, 415],
    ['brotli', { ...json, 'content-encoding': 'br' }, 415],
    ['gzip', { ...json, 'content-encoding': 'gzip' }, 415],
    ['plain text', { ...json, 'content-type': 'text/plain' }, 415],
    ['a form', { ...json, 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['no content type', { 'content-length': '20' }, 415],
    ['a malformed content type', { ...json, 'content-type': 'application/json; charset' }, 415],
  ])('refuses %s', (_case, headers, status) => {
    expect(bodyHeaderProblem(headers)?.getStatus()).toBe(status);
  });

  it('names where a body nests too deep, without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(bodyProblem({ spec: { plan: deep } }, 32)).toEqual({ field: `spec.plan${'.0'.repeat(30)}`, message: 'nests deeper than 32 levels' });
    expect(bodyProblem({ spec: { target: { labels: { env: 'prod' } } } }, 32)).toBeUndefined();
    expect(bodyProblem('text', 0)).toBeUndefined();
  });

  it('names a __proto__ key wherever JSON.parse left it', () => {
    expect(bodyProblem(JSON.parse('{"spec":{"changes":[{"__proto__":{"dryRun":true}}]}}'), 32)).toEqual({ field: 'spec.changes.0.__proto__', message: 'is not a field any request takes' });
    expect(bodyProblem(JSON.parse('{"constructor":{"prototype":1}}'), 32)).toBeUndefined();
  });
});
