// The OpenAPI 3.0 document, generated from the route table of @hitless/api-contract:
// the same zod schemas the controllers validate with and type their answers by, so
// the document cannot drift from what the API accepts or answers. Every parameter,
// header and body an operation reads is listed: the API's input test
// (test/server/api-walker.int-spec.ts) sends hostile values to each one it finds here.
import { API_ROUTES, createRolloutBodySchema, createWindowBodySchema, instantText, type OperationId, type RouteSpec } from '@hitless/api-contract';
import { maintenanceWindowSchema, rolloutSpecSchema } from '@hitless/rollout';
import { ZodOptional, type ZodTypeAny } from 'zod';
import { ignoreOverride, zodToJsonSchema } from 'zod-to-json-schema';

/**
 * Bodies the contract carries partly as opaque JSON, described here in full: a rollout's spec
 * and a window are checked with @hitless/rollout's rules (balance allowlists, cron, time zones),
 * which need libraries a browser cannot load, so the contract lib leaves them to the server.
 */
const DOCUMENTED_BODIES: Partial<Record<OperationId, ZodTypeAny>> = {
  createRollout: createRolloutBodySchema.extend({ spec: rolloutSpecSchema }),
  createWindow: createWindowBodySchema.extend({ window: maintenanceWindowSchema }),
};

/** The body of an operation as the document describes it. */
export function documentedBody(id: OperationId): ZodTypeAny | undefined {
  const route: RouteSpec = API_ROUTES[id];
  return DOCUMENTED_BODIES[id] ?? route.body;
}

interface JsonSchemaOptions {
  target: 'openApi3';
  $refStrategy: 'none';
  pipeStrategy: 'input' | 'all';
  override: (def: unknown) => unknown;
}
// Through unknown: the same zod schema type, compared structurally against
// zod-to-json-schema's own zod typings, exceeds TypeScript's instantiation depth.
type ToJsonSchema = (schema: ZodTypeAny, options: JsonSchemaOptions) => Record<string, unknown>;
type AcceptedSchema = Parameters<typeof zodToJsonSchema>[0];
type AcceptedOptions = Parameters<typeof zodToJsonSchema<'openApi3'>>[1];
const toJsonSchema: ToJsonSchema = (schema, options) => zodToJsonSchema<'openApi3'>(schema as unknown as AcceptedSchema, options as unknown as AcceptedOptions) as Record<string, unknown>;

/** An answer's instant is a Date on the server and ISO 8601 text on the wire: the document shows the wire. */
const INSTANT_TEXT = { type: 'string', format: 'date-time' };
const override = (def: unknown) => (def === instantText._def ? INSTANT_TEXT : ignoreOverride);

// A parameter is described by the input side of its schema (a label query is a string, not the map it
// becomes); a body by both sides of a pipe (a list bounded before its items are parsed is allOf of both).
const jsonSchema = (schema: ZodTypeAny, pipeStrategy: 'input' | 'all' = 'input') => toJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none', pipeStrategy, override });

function queryParameters(schema: ZodTypeAny): Record<string, unknown>[] {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

function namedParameters(place: 'path' | 'header', params: RouteSpec['params']): Record<string, unknown>[] {
  return Object.entries(params ?? {}).map(([name, { schema, example }]) => {
    // Optionality is the parameter's `required`, not part of its schema.
    const required = place === 'path' || !schema.isOptional();
    return { name, in: place, required, schema: jsonSchema(schema instanceof ZodOptional ? (schema.unwrap() as ZodTypeAny) : schema), example };
  });
}

function requestBody(id: OperationId, route: RouteSpec): Record<string, unknown> {
  const body = documentedBody(id);
  if (!body) return {};
  const examples = Object.fromEntries(Object.entries(route.examples ?? {}).map(([name, value]) => [name, { value }]));
  return { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body, 'all'), examples } } } };
}

function responses(route: RouteSpec): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => [
      status,
      { description: response.description, ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: jsonSchema(response.schema) } } } : {}) },
    ]),
  );
}

export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  components: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
};

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, route] of Object.entries(API_ROUTES) as [OperationId, RouteSpec][]) {
    const undeclared = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).filter((name) => !route.params?.[name]);
    if (undeclared.length > 0) throw new Error(`${route.method} ${route.path}: path parameters without a schema: ${undeclared.join(', ')}`);
    paths[route.path] = {
      ...paths[route.path],
      [route.method]: {
        operationId: id,
        summary: route.summary,
        'x-required-role': route.role,
        security: route.role === 'public' ? [] : [{ bearer: [] }],
        parameters: [...namedParameters('path', route.params), ...(route.query ? queryParameters(route.query) : []), ...namedParameters('header', route.headers)],
        ...requestBody(id, route),
        responses: responses(route),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Hitless server API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token; roles viewer < operator < admin' } } },
    paths,
  };
}
