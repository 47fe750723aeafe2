// The cases of the API input walker: for every operation of an OpenAPI document,
// every path parameter, query parameter, header and body field it declares gets
// hostile values (wrong types, empty, huge, deep, control and line-separator
// characters, injection payloads, values just outside the declared range, extra
// keys), and every body the wrong media type, charset, encoding or size. Each case
// says which answer it needs: 400 naming the input, or 413/415/431 from the edge.
// Pure: the integration test sends the cases and checks the answers.
import { gzipSync } from 'node:zlib';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  default?: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema; examples?: Record<string, { value: unknown }> }> };
  'x-required-role'?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface WalkRequest {
  method: string;
  /** Path and query, percent-encoded, as sent. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface WalkCase {
  /** `post /api/v1/rollouts` */
  operation: string;
  role: string;
  /** `body spec.plan.canary`, `query limit`, `path id`, `header Idempotency-Key`, `body` (its shape) */
  input: string;
  payload: string;
  request: WalkRequest;
  /** Acceptable statuses, and the field a 400 must name (the input itself, inside it, or around it). */
  expect: { statuses: number[]; field?: string };
  /** Answered at the HTTP edge, before authentication (so the same answer with any token or none). */
  early: boolean;
}

export interface WalkOptions {
  /** Real values for path parameters (by name) where the document's example would not do. */
  pathValues?: Record<string, string>;
}

/** Strings each field must refuse, unless its documented pattern openly allows them. */
export const HOSTILE_STRINGS: Record<string, string> = {
  'a NUL byte': 'lb\u0000x',
  'U+2028 line separator': 'lb\u2028x',
  'U+0085 next line': 'lb\u0085x',
  'a config line injection': 'x\n  lua-load /tmp/x',
  'a log-format expression': '%{+Q}o',
  'a sample fetch': '%[env(HOME)]',
  'an environment variable': '${HOME}',
  'a path traversal': '../',
  'SQL': "'; DROP TABLE rollouts; --",
  // Balance expressions HAProxy would evaluate with a file, Lua or the environment (issue 12, item 1).
  'a file read through map_ip': 'hash src,map_ip(/etc/passwd)',
  'a Lua call': 'hash lua.x',
  'an environment read': 'hash env(HOME)',
};

/** Inside the body limit (so the schema must refuse it) and over it (so the edge must). */
const HUGE_BODY_STRING = 'x'.repeat(200_000);
const OVER_BODY_LIMIT = 'x'.repeat(300_000);
/** Inside Node's 16 KiB limit on the request head, and over it. */
const HUGE_HEAD_STRING = 'x'.repeat(4_000);
const OVER_HEAD_LIMIT = 'x'.repeat(20_000);
const DEEP = (() => {
  let value: unknown = 'x';
  for (let i = 0; i < 40; i++) value = [value];
  return value;
})();

const SAMPLES: Record<string, unknown> = { string: 'wrong type', integer: 12345, boolean: true, object: { a: 1 }, array: [1], null: null };

/** anyOf/oneOf: one of them holds. allOf: every one holds (a zod pipe is documented as allOf of both sides). */
const alternatives = (schema: JsonSchema): JsonSchema[] => [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
/** The schema and every schema it combines, flattened (not into properties or items). */
const everyPart = (schema: JsonSchema): JsonSchema[] => [schema, ...[...(schema.allOf ?? []), ...alternatives(schema)].flatMap(everyPart)];

const union = (sets: Set<string>[]) => new Set(sets.flatMap((set) => [...set]));
const intersection = (sets: Set<string>[]) => new Set([...sets[0]].filter((type) => sets.every((set) => set.has(type))));

/** The JSON types a schema allows; undefined when it allows any. */
function allowedTypes(schema: JsonSchema): Set<string> | undefined {
  const declared = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const fromEnum = (schema.enum ?? []).map((value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value));
  const own = new Set([...declared, ...fromEnum]);
  if (own.has('number')) own.add('integer');
  if (schema.nullable) own.add('null');
  const constraints: (Set<string> | undefined)[] = [own.size > 0 ? own : undefined, ...(schema.allOf ?? []).map(allowedTypes)];
  const options = alternatives(schema).map(allowedTypes);
  if (options.length > 0) constraints.push(options.some((set) => set === undefined) ? undefined : union(options as Set<string>[]));
  const known = constraints.filter((set): set is Set<string> => set !== undefined);
  return known.length === 0 ? undefined : intersection(known);
}

/** Does the schema itself (not just the API) rule the empty value of this type out? */
function emptyIsInvalid(schema: JsonSchema, type: string): boolean {
  const own =
    type === 'string'
      ? (schema.minLength ?? 0) > 0 || (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test('')) || (schema.enum !== undefined && !schema.enum.includes('')) || schema.format !== undefined
      : type === 'array'
        ? (schema.minItems ?? 0) > 0
        : type === 'object' && (schema.required ?? []).length > 0;
  const options = alternatives(schema);
  return (
    own ||
    (schema.allOf ?? []).some((part) => emptyIsInvalid(part, type)) ||
    (options.length > 0 && options.every((option) => !(allowedTypes(option)?.has(type) ?? true) || emptyIsInvalid(option, type)))
  );
}

/** A string the document itself declares valid for this field: a pattern it matches, within every other bound. */
function declaredValid(schema: JsonSchema, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const holds = (part: JsonSchema): boolean =>
    (part.type === undefined || part.type === 'string') &&
    (part.pattern === undefined || new RegExp(part.pattern, 'u').test(value)) &&
    value.length <= (part.maxLength ?? Infinity) &&
    value.length >= (part.minLength ?? 0) &&
    part.format === undefined &&
    (part.enum === undefined || part.enum.includes(value)) &&
    (part.allOf ?? []).every(holds) &&
    (alternatives(part).length === 0 || alternatives(part).some(holds));
  return everyPart(schema).some((part) => part.pattern !== undefined) && holds(schema);
}

/** Values the schema's own bounds and formats rule out. */
function outOfRange(schema: JsonSchema): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const part of everyPart(schema)) {
    if (part.minimum !== undefined) values['one below the minimum'] = part.minimum - 1;
    if (part.maximum !== undefined) {
      values['one above the maximum'] = part.maximum + 1;
      values['1e300'] = 1e300;
    }
    if (part.type === 'integer') values['a fraction'] = 1.5;
    if (part.maxLength !== undefined && part.maxLength < 10_000) values['one character too long'] = 'a'.repeat(part.maxLength + 1);
    if (part.enum !== undefined && part.enum.every((value) => typeof value === 'string')) values['a value not in the enum'] = 'not-an-option';
    if (part.format === 'date-time') Object.assign(values, { 'the year 0': '0000-01-01T00:00:00Z', 'the 30th of February': '2026-02-30T00:00:00Z', 'a time without an offset': '2026-11-26T02:00:00' });
    if (part.format === 'uuid') values['a uuid with a g'] = '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8g';
  }
  return values;
}

/** Every hostile value for one input, by payload name; `over` is answered at the edge. */
function hostileValues(schema: JsonSchema, place: 'body' | 'query' | 'path' | 'header'): { values: Record<string, unknown>; over: string } {
  const types = allowedTypes(schema);
  const values: Record<string, unknown> = { ...HOSTILE_STRINGS };
  if (place === 'body') {
    for (const [type, sample] of Object.entries(SAMPLES)) if (types && !types.has(type)) values[`wrong type (${type})`] = sample;
    for (const [type, empty] of Object.entries({ string: '', array: [], object: {} })) if ((types?.has(type) ?? true) && emptyIsInvalid(schema, type)) values[`empty ${type}`] = empty;
    values['nested 40 deep'] = DEEP;
  } else if (place !== 'path') {
    // An empty query value or header never means anything here.
    values['empty'] = '';
  }
  Object.assign(values, outOfRange(schema));
  values['a huge string'] = place === 'body' ? HUGE_BODY_STRING : HUGE_HEAD_STRING;
  // A rollout may well be named 'hash lua.x': what the document allows is not hostile there.
  for (const [payload, value] of Object.entries(values)) if (declaredValid(schema, value)) delete values[payload];
  return { values, over: place === 'body' ? OVER_BODY_LIMIT : OVER_HEAD_LIMIT };
}

/** Several schemas that all describe one value, as one: properties and items that appear in more than one become allOf. */
function merge(parts: JsonSchema[]): JsonSchema {
  const properties: Record<string, JsonSchema[]> = {};
  for (const part of parts) for (const [name, property] of Object.entries(part.properties ?? {})) (properties[name] ??= []).push(property);
  const items = parts.flatMap((part) => (part.items ? [part.items] : []));
  const record = parts.find((part) => typeof part.additionalProperties === 'object')?.additionalProperties;
  const one = (list: JsonSchema[]): JsonSchema => (list.length === 1 ? list[0] : { allOf: list });
  return {
    properties: Object.keys(properties).length > 0 ? Object.fromEntries(Object.entries(properties).map(([name, list]) => [name, one(list)])) : undefined,
    items: items.length > 0 ? one(items) : undefined,
    additionalProperties: record ?? (parts.some((part) => part.additionalProperties === false) ? false : undefined),
  };
}

/** The shape of this value: every allOf part, and of anyOf/oneOf the branches that fit the example's value (all when none does). */
function resolve(schema: JsonSchema, value: unknown): JsonSchema {
  const fits = (branch: JsonSchema) =>
    value !== null &&
    typeof value === 'object' &&
    (branch.required ?? []).every((key) => key in value) &&
    Object.entries(branch.properties ?? {}).every(([key, property]) => property.enum === undefined || !(key in value) || property.enum.includes((value as Record<string, unknown>)[key]));
  const options = alternatives(schema);
  const chosen = options.filter(fits);
  return merge([schema, ...(schema.allOf ?? []).map((part) => resolve(part, value)), ...(chosen.length > 0 ? chosen : options).map((option) => resolve(option, value))]);
}

type JsonPath = (string | number)[];

/** Every field of a body (as the schema declares it, entered through the example's own values). */
function bodyFields(schema: JsonSchema, value: unknown, path: JsonPath = [], found = new Map<string, { path: JsonPath; schema: JsonSchema; record: boolean }>()) {
  const key = path.join('.');
  if (!found.has(key)) found.set(key, { path, schema, record: false });
  if (path.length > 12) return found;
  const shape = resolve(schema, value);
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (shape.properties || typeof shape.additionalProperties === 'object') {
    if (typeof shape.additionalProperties === 'object') found.get(key)!.record = true;
    for (const name of new Set([...Object.keys(shape.properties ?? {}), ...Object.keys(object ?? {})])) {
      const property = shape.properties?.[name] ?? (typeof shape.additionalProperties === 'object' ? shape.additionalProperties : {});
      bodyFields(property, object?.[name], [...path, name], found);
    }
  }
  if (shape.items) bodyFields(shape.items, Array.isArray(value) ? value[0] : undefined, [...path, 0], found);
  return found;
}

/** A deep copy of `base` with `value` at `path`, creating what is missing on the way. */
function withValue(base: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const array = Array.isArray(base) ? [...(base as unknown[])] : [];
    array[head] = withValue(array[head], rest, value);
    return array;
  }
  const object = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  // defineProperty: a key named __proto__ must become an own key, as JSON.parse makes it.
  Object.defineProperty(object, head, { value: withValue(object[head], rest, value), enumerable: true, writable: true, configurable: true });
  return object;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/** A header value as a raw client sends it: the UTF-8 bytes, written one byte per character. */
const headerBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** Operations of the document with what is needed to call each validly: path values, example body, headers. */
export function operationsOf(document: OpenApiDocument, options: WalkOptions = {}) {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const pathValues = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, options.pathValues?.[p.name] ?? String(p.example ?? '')]));
      const media = op.requestBody?.content['application/json'];
      const examples = Object.entries(media?.examples ?? {}).map(([name, example]) => ({ name, value: example.value }));
      const headers = Object.fromEntries(parameters.filter((p) => p.in === 'header' && p.required).map((p) => [p.name, String(p.example)]));
      const target = (values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_all, name: string) => encodeURIComponent(values[name]));
      return { name: `${method} ${path}`, method: method.toUpperCase(), path, op, role: op['x-required-role'] ?? 'public', parameters, pathValues, media, examples, headers, target };
    }),
  );
}

export type WalkOperation = ReturnType<typeof operationsOf>[number];

/** The operation called as its document says it may be: example path values, first example body, required headers. */
export function validRequest(operation: WalkOperation): WalkRequest {
  const body = operation.examples[0]?.value;
  return {
    method: operation.method,
    target: operation.target(operation.pathValues),
    headers: { ...operation.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : json(body),
  };
}

function bodyShapeCases(operation: WalkOperation, base: WalkRequest): Omit<WalkCase, 'operation' | 'role'>[] {
  const body = base.body ?? json({});
  const as = (payload: string, headers: Record<string, string | undefined>, statuses: number[], raw = body): Omit<WalkCase, 'operation' | 'role'> => {
    const merged = { ...base.headers, ...headers };
    for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
    return { input: 'body', payload, request: { ...base, headers: merged as Record<string, string>, body: raw }, expect: { statuses }, early: true };
  };
  const padded = operation.examples[0]?.value ?? {};
  return [
    as('Content-Type text/plain', { 'content-type': 'text/plain' }, [415]),
    as('a form instead of JSON', { 'content-type': 'application/x-www-form-urlencoded' }, [415], Buffer.from('name=x&spec[target][hosts][0]=lb-1')),
    as('no Content-Type', { 'content-type': undefined }, [415]),
    as('charset latin1', { 'content-type': 'application/json; charset=latin1' }, [415]),
    as('charset utf-16', { 'content-type': 'application/json; charset=utf-16' }, [415]),
    as('Content-Encoding br', { 'content-encoding': 'br' }, [415]),
    as('Content-Encoding gzip', { 'content-encoding': 'gzip' }, [415], gzipSync(body)),
    as('a body over the limit', {}, [413], json({ ...(padded as object), padding: OVER_BODY_LIMIT })),
    as('a Content-Length over the limit', { 'content-length': String(10 * 1024 * 1024) }, [413]),
    as('text that is not JSON', { 'content-type': 'application/json' }, [400], Buffer.from('{"name":')),
    as('a JSON string instead of an object', { 'content-type': 'application/json' }, [400], Buffer.from('"x"')),
  ];
}

/** Every case for every operation of the document. */
export function walkCases(document: OpenApiDocument, options: WalkOptions = {}): WalkCase[] {
  const cases: WalkCase[] = [];
  for (const operation of operationsOf(document, options)) {
    const base = validRequest(operation);
    const add = (c: Omit<WalkCase, 'operation' | 'role'>) => cases.push({ operation: operation.name, role: operation.role, ...c });
    const withQuery = (query: string) => `${base.target}${base.target.includes('?') ? '&' : '?'}${query}`;

    for (const parameter of operation.parameters) {
      const { values, over } = hostileValues(parameter.schema ?? {}, parameter.in === 'cookie' ? 'header' : parameter.in);
      const field = parameter.in === 'query' ? `query.${parameter.name}` : parameter.name;
      const input = `${parameter.in} ${parameter.name}`;
      const send = (value: string): WalkRequest => {
        if (parameter.in === 'path') return { ...base, target: operation.target({ ...operation.pathValues, [parameter.name]: value }) };
        if (parameter.in === 'query') return { ...base, target: withQuery(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(value)}`) };
        return { ...base, headers: { ...base.headers, [parameter.name]: headerBytes(value) } };
      };
      for (const [payload, value] of Object.entries(values)) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        // CR, LF or NUL in a header breaks the request head itself: Node's parser answers 400 before any route.
        const broken = parameter.in === 'header' && /[\r\n\0]/.test(text);
        add({ input, payload, request: send(text), expect: broken ? { statuses: [400] } : { statuses: [400], field }, early: broken });
      }
      add({ input, payload: 'over the request head limit', request: send(over), expect: { statuses: [414, 431] }, early: true });
      if (parameter.in === 'query') {
        const name = encodeURIComponent(parameter.name);
        add({ input, payload: 'wrong type (repeated)', request: { ...base, target: withQuery(`${name}=a&${name}=b`) }, expect: { statuses: [400], field }, early: false });
        add({ input, payload: 'wrong type (nested)', request: { ...base, target: withQuery(`${name}[a][b][c][d][e][f][g]=1`) }, expect: { statuses: [400], field }, early: false });
      }
      if (parameter.in === 'path') {
        add({ input, payload: 'a broken percent-encoding', request: { ...base, target: base.target.replace(encodeURIComponent(operation.pathValues[parameter.name]), '%E0%A4%A') }, expect: { statuses: [400] }, early: true });
      }
    }
    if (operation.parameters.some((p) => p.in === 'query')) {
      add({ input: 'query', payload: 'an undeclared parameter', request: { ...base, target: withQuery('unexpected=1') }, expect: { statuses: [400], field: 'query.unexpected' }, early: false });
    }

    if (operation.media?.schema) {
      const seen = new Set<string>();
      for (const example of operation.examples) {
        for (const { path, schema, record } of bodyFields(operation.media.schema, example.value).values()) {
          const field = path.join('.');
          if (seen.has(field)) continue;
          seen.add(field);
          const input = `body ${field || '(root)'}`;
          const body = (value: unknown) => ({ ...base, body: json(withValue(example.value, path, value)) });
          if (path.length > 0) {
            const { values, over } = hostileValues(schema, 'body');
            for (const [payload, value] of Object.entries(values)) {
              add({ input, payload, request: body(value), expect: { statuses: [400], field }, early: payload === 'nested 40 deep' });
            }
            add({ input, payload: 'over the body limit', request: body(over), expect: { statuses: [413] }, early: true });
          }
          const shape = resolve(schema, undefined);
          if (shape.additionalProperties === false || (shape.properties && !record)) {
            const current = path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], example.value);
            for (const [payload, key] of Object.entries({ 'an extra key': 'unexpected', 'a __proto__ key': '__proto__' })) {
              // The answer names the key itself (the edge refuses __proto__ before any route; schemas name unknown keys).
              add({ input, payload, request: body(withValue(current, [key], { polluted: true })), expect: { statuses: [400], field: [...path, key].join('.') }, early: key === '__proto__' });
            }
          }
          if (record) {
            const current = path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], example.value);
            for (const [payload, key] of Object.entries(HOSTILE_STRINGS)) {
              add({ input, payload: `${payload} as a key`, request: body(withValue(current, [key], 'prod')), expect: { statuses: [400], field }, early: false });
            }
          }
        }
      }
    }
    // The edge checks every body, whether the route reads one or not.
    for (const c of bodyShapeCases(operation, base)) add(c);
  }
  return cases;
}
