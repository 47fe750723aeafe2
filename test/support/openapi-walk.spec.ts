import { walkCases, type OpenApiDocument } from './openapi-walk';

const document: OpenApiDocument = {
  paths: {
    '/things/{id}': {
      put: {
        'x-required-role': 'operator',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, example: '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8e' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10 } },
          { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', pattern: '^[a-z]{8,}$' }, example: 'abcdefgh' },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'spec'],
                properties: {
                  name: { type: 'string', pattern: '^[a-z]+$' },
                  spec: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      labels: { type: 'object', additionalProperties: { type: 'string' } },
                      hosts: { type: 'array', items: { type: 'string' }, minItems: 1 },
                      gates: { type: 'object', additionalProperties: false, properties: { deadline: { type: 'integer', minimum: 1, default: 300 } } },
                    },
                  },
                },
              },
              examples: { one: { value: { name: 'thing', spec: { labels: { env: 'prod' } } } } },
            },
          },
        },
      },
    },
  },
};

describe('the API walker cases', () => {
  const cases = walkCases(document, { pathValues: { id: '11111111-2222-4333-8444-555555555555' } });
  const inputs = new Set(cases.map((c) => c.input));

  it('reaches every parameter, every declared body field (present in the example or not) and the body itself', () => {
    expect([...inputs].sort()).toEqual(
      ['body', 'body (root)', 'body name', 'body spec', 'body spec.gates', 'body spec.gates.deadline', 'body spec.hosts', 'body spec.hosts.0', 'body spec.labels', 'body spec.labels.env', 'header Idempotency-Key', 'path id', 'query', 'query limit'].sort(),
    );
  });

  it('sends a hostile value into one field of an otherwise valid body, and wants that field named', () => {
    const nul = cases.find((c) => c.input === 'body spec.hosts.0' && c.payload === 'a NUL byte')!;
    expect(JSON.parse(nul.request.body!.toString('utf8'))).toEqual({ name: 'thing', spec: { labels: { env: 'prod' }, hosts: ['lb\u0000x'] } });
    expect(nul.expect).toEqual({ statuses: [400], field: 'spec.hosts.0' });
    expect(nul.request.target).toBe('/things/11111111-2222-4333-8444-555555555555');
    expect(nul.request.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('sends empty values only where the schema itself rules them out', () => {
    const empties = cases.filter((c) => c.payload.startsWith('empty ')).map((c) => `${c.input}: ${c.payload}`);
    expect(empties.sort()).toEqual(['body name: empty string', 'body spec.hosts: empty array'].sort());
  });

  it('sends values just outside the declared range and wrong types', () => {
    const limit = cases.filter((c) => c.input === 'query limit').map((c) => c.payload);
    expect(limit).toEqual(expect.arrayContaining(['one below the minimum', 'one above the maximum', 'a fraction', 'wrong type (repeated)', 'wrong type (nested)', 'empty']));
    expect(cases.find((c) => c.input === 'query limit' && c.payload === 'one below the minimum')!.request.target).toMatch(/\?limit=0$/);
    const deadline = cases.filter((c) => c.input === 'body spec.gates.deadline').map((c) => c.payload);
    expect(deadline).toEqual(expect.arrayContaining(['wrong type (string)', 'wrong type (null)', 'a fraction', 'one below the minimum']));
  });

  it('adds an extra key and a __proto__ key as own keys to each closed object, and hostile keys to each record', () => {
    const proto = cases.find((c) => c.input === 'body spec' && c.payload === 'a __proto__ key')!;
    expect(proto.request.body!.toString('utf8')).toBe('{"name":"thing","spec":{"labels":{"env":"prod"},"__proto__":{"polluted":true}}}');
    expect(proto.expect.field).toBe('spec.__proto__');
    expect(cases.some((c) => c.input === 'body spec.labels' && c.payload === 'a config line injection as a key')).toBe(true);
    expect(cases.some((c) => c.input === 'body spec.labels' && c.payload === 'an extra key')).toBe(false);
  });

  it('expects 413 and 415 from the edge for bodies of the wrong size, type, charset and encoding', () => {
    const shapes = Object.fromEntries(cases.filter((c) => c.input === 'body').map((c) => [c.payload, c.expect.statuses]));
    expect(shapes).toMatchObject({ 'Content-Type text/plain': [415], 'charset latin1': [415], 'Content-Encoding br': [415], 'a body over the limit': [413], 'text that is not JSON': [400] });
    expect(cases.filter((c) => c.input === 'body').every((c) => c.early)).toBe(true);
  });

  it('walks both sides of an allOf (a list bounded before its items are parsed) down to the items\' fields', () => {
    const piped: OpenApiDocument = {
      paths: {
        '/lists': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      list: {
                        allOf: [
                          { type: 'array', items: {}, maxItems: 2 },
                          { type: 'array', items: { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { type: 'string', enum: ['a'] }, n: { type: 'integer', minimum: 0 } } } },
                        ],
                      },
                    },
                  },
                  examples: { one: { value: { list: [{ kind: 'a' }] } } },
                },
              },
            },
          },
        },
      },
    };
    const walked = walkCases(piped);
    expect(new Set(walked.map((c) => c.input))).toEqual(new Set(['body', 'body (root)', 'body list', 'body list.0', 'body list.0.kind', 'body list.0.n']));
    const n = walked.filter((c) => c.input === 'body list.0.n').map((c) => c.payload);
    expect(n).toEqual(expect.arrayContaining(['wrong type (string)', 'one below the minimum', 'a fraction']));
    expect(walked.some((c) => c.input === 'body list.0' && c.payload === 'an extra key')).toBe(true);
    expect(walked.some((c) => c.input === 'body list' && c.payload === 'wrong type (object)')).toBe(true);
  });

  it('sends header values as a raw client would, and expects Node to refuse a broken head', () => {
    const separator = cases.find((c) => c.input === 'header Idempotency-Key' && c.payload === 'U+2028 line separator')!;
    expect(separator.request.headers['Idempotency-Key']).toBe(Buffer.from('lb\u2028x', 'utf8').toString('latin1'));
    expect(separator.expect).toEqual({ statuses: [400], field: 'Idempotency-Key' });
    expect(cases.find((c) => c.input === 'header Idempotency-Key' && c.payload === 'a config line injection')!.expect).toEqual({ statuses: [400] });
  });
});
