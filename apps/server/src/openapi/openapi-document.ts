// The OpenAPI 3.0 document, generated from the same zod schemas the controllers
// validate with, so the document cannot drift from what the API accepts. Every
// parameter, header and body an operation reads is listed: the API's input test
// (test/server/api-walker.int-spec.ts) sends hostile values to each one it finds here.
import { maintenanceWindowSchema, rolloutSpecSchema } from '@hitless/rollout';
import { ZodOptional, type ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

import { createSchema as apiTokenCreate, idSchema as apiTokenId } from '../api-tokens/api-tokens.controller';
import type { Role } from '../auth/roles';
import { bodySchema as joinTokenCreate } from '../enrollment/join-tokens.controller';
import { querySchema as historyQuery } from '../history/reload-history.controller';
import { hostNameSchema } from '../hosts/host-name-schema';
import { labelsBodySchema, listQuerySchema as hostsQuery } from '../hosts/hosts.controller';
import { BODY_LIMIT_BYTES } from '../http/request-shape';
import { createSchema as rolloutCreate, idempotencyKeySchema, idSchema as rolloutId, listSchema as rolloutsQuery } from '../rollouts/rollouts.controller';
import { overviewQuerySchema as overviewQuery } from '../fleet/fleet-overview.controller';
import { calendarQuerySchema as calendarQuery } from '../windows/window-calendar.controller';
import { bodySchema as windowCreate, idSchema as windowId } from '../windows/windows.controller';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  role: Role | 'public';
  /** Schemas of the `{name}` segments of `path`; each is an example-carrying parameter. */
  params?: Record<string, { schema: ZodTypeAny; example: string }>;
  query?: ZodTypeAny;
  headers?: Record<string, { schema: ZodTypeAny; example: string }>;
  /** The body as the API validates it (nested specs included, though a service checks those). */
  body?: ZodTypeAny;
  /** Valid bodies by name: readers copy them, the input test starts from each. */
  examples?: Record<string, unknown>;
  success: number;
}

const EXAMPLE_ID = '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8e';
const hostParam = { schema: hostNameSchema, example: 'lb-1' };
const idParam = (schema: ZodTypeAny) => ({ id: { schema, example: EXAMPLE_ID } });

const rolloutExample = (changes: unknown[]) => ({
  name: 'api to leastconn',
  spec: {
    target: { labels: { env: 'prod' } },
    changes,
    plan: { canary: { count: 1 }, batchSize: { percent: 50 }, maxUnavailable: 1, pauseBetweenBatchesSeconds: 0, failureBudget: 0 },
    gates: { probeFailureThreshold: 0, requireBackendServersUp: true, agentDeadlineSeconds: 300 },
    offlineHosts: 'skip',
    dryRun: false,
  },
});

export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/v1/rollouts', summary: 'List rollouts, newest first', role: 'viewer', query: rolloutsQuery, success: 200 },
  {
    method: 'post',
    path: '/api/v1/rollouts',
    summary: 'Create a rollout (Idempotency-Key header; spec.dryRun for a dry run)',
    role: 'operator',
    headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, example: 'api-leastconn-2026-11-26' } },
    body: rolloutCreate.extend({ spec: rolloutSpecSchema }),
    examples: {
      balance: rolloutExample([{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }]),
      weight: rolloutExample([{ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 }]),
    },
    success: 201,
  },
  {
    method: 'get',
    path: '/api/v1/rollouts/{id}',
    summary: 'A rollout with its steps, each with its reload result cut to outcome, strategy, error, phases and probe figures',
    role: 'viewer',
    params: idParam(rolloutId),
    success: 200,
  },
  {
    method: 'get',
    path: '/api/v1/rollouts/{id}/steps/{host}',
    summary: "One host's step with the agents' whole reload and rollback results; HAProxy's own output (validationOutput) only for operators and admins",
    role: 'viewer',
    params: { ...idParam(rolloutId), host: hostParam },
    success: 200,
  },
  { method: 'post', path: '/api/v1/rollouts/{id}/pause', summary: 'Stop dispatching new host steps', role: 'operator', params: idParam(rolloutId), success: 200 },
  { method: 'post', path: '/api/v1/rollouts/{id}/resume', summary: 'Resume a paused rollout', role: 'operator', params: idParam(rolloutId), success: 200 },
  { method: 'post', path: '/api/v1/rollouts/{id}/abort', summary: 'Abort and roll back the hosts already changed', role: 'operator', params: idParam(rolloutId), success: 200 },
  { method: 'get', path: '/api/v1/windows', summary: 'List maintenance windows', role: 'viewer', success: 200 },
  {
    method: 'post',
    path: '/api/v1/windows',
    summary: 'Create a maintenance window',
    role: 'operator',
    body: windowCreate.extend({ window: maintenanceWindowSchema }),
    examples: {
      recurring: { name: 'prod nights', window: { kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Berlin' } },
      'one-off': { name: 'migration night', window: { kind: 'one-off', start: '2026-11-26T02:00:00Z', end: '2026-11-26T04:00:00Z' } },
    },
    success: 201,
  },
  { method: 'delete', path: '/api/v1/windows/{id}', summary: 'Delete a maintenance window', role: 'operator', params: idParam(windowId), success: 204 },
  { method: 'get', path: '/api/v1/hosts', summary: 'List hosts (label=k=v,..., online=true|false)', role: 'viewer', query: hostsQuery, success: 200 },
  { method: 'get', path: '/api/v1/hosts/{name}', summary: "One host with its agent's last inventory (strategies available, and why not)", role: 'viewer', params: { name: hostParam }, success: 200 },
  {
    method: 'put',
    path: '/api/v1/hosts/{name}/labels',
    summary: "Replace a host's labels",
    role: 'operator',
    params: { name: hostParam },
    body: labelsBodySchema,
    examples: { labels: { labels: { env: 'prod', region: 'eu' } } },
    success: 200,
  },
  {
    method: 'post',
    path: '/api/v1/join-tokens',
    summary: 'Issue a single-use join token for one host',
    role: 'admin',
    body: joinTokenCreate,
    examples: { host: { hostName: 'lb-7', ttlMinutes: 15 } },
    success: 201,
  },
  { method: 'get', path: '/api/v1/api-tokens', summary: 'List API tokens', role: 'admin', success: 200 },
  {
    method: 'post',
    path: '/api/v1/api-tokens',
    summary: 'Create an API token (the secret is shown once)',
    role: 'admin',
    body: apiTokenCreate,
    examples: { ci: { name: 'ci', role: 'viewer' } },
    success: 201,
  },
  { method: 'delete', path: '/api/v1/api-tokens/{id}', summary: 'Revoke an API token', role: 'admin', params: idParam(apiTokenId), success: 204 },
  { method: 'get', path: '/api/v1/reloads', summary: 'Reload history (host, outcome, since, until)', role: 'viewer', query: historyQuery, success: 200 },
  { method: 'get', path: '/api/v1/overview', summary: 'Fleet summary: hosts online/offline, HAProxy, agent and config versions, rollouts by state, reload totals (hours)', role: 'viewer', query: overviewQuery, success: 200 },
  { method: 'get', path: '/api/v1/window-calendar', summary: 'Open periods of every maintenance window over the coming days (days, from)', role: 'viewer', query: calendarQuery, success: 200 },
  { method: 'get', path: '/api/v1/whoami', summary: "The calling token's name and role", role: 'viewer', success: 200 },
  { method: 'get', path: '/', summary: 'Sends the browser to /dashboard', role: 'public', success: 302 },
  { method: 'get', path: '/dashboard', summary: 'The status dashboard (sign in with an API token)', role: 'public', success: 200 },
  { method: 'get', path: '/dashboard/app.js', summary: "The dashboard's script", role: 'public', success: 200 },
  { method: 'get', path: '/dashboard/app.css', summary: "The dashboard's style sheet", role: 'public', success: 200 },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', role: 'public', success: 200 },
  { method: 'get', path: '/healthz', summary: 'Liveness', role: 'public', success: 200 },
  { method: 'get', path: '/readyz', summary: 'Readiness: the database answers (503 "database unavailable" when not)', role: 'public', success: 200 },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', role: 'public', success: 200 },
];

// Through unknown: the same zod schema type, compared structurally against
// zod-to-json-schema's own zod typings, exceeds TypeScript's instantiation depth.
type ToJsonSchema = (schema: ZodTypeAny, options: { target: 'openApi3'; $refStrategy: 'none'; pipeStrategy: 'input' | 'all' }) => Record<string, unknown>;
type AcceptedSchema = Parameters<typeof zodToJsonSchema>[0];
const toJsonSchema: ToJsonSchema = (schema, options) => zodToJsonSchema<'openApi3'>(schema as unknown as AcceptedSchema, options) as Record<string, unknown>;
// A parameter is described by the input side of its schema (a label query is a string, not the map it
// becomes); a body by both sides of a pipe (a list bounded before its items are parsed is allOf of both).
const jsonSchema = (schema: ZodTypeAny, pipeStrategy: 'input' | 'all' = 'input') => toJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none', pipeStrategy });

function queryParameters(schema: ZodTypeAny): Record<string, unknown>[] {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

function namedParameters(place: 'path' | 'header', params: Operation['params']): Record<string, unknown>[] {
  return Object.entries(params ?? {}).map(([name, { schema, example }]) => {
    // Optionality is the parameter's `required`, not part of its schema.
    const required = place === 'path' || !schema.isOptional();
    return { name, in: place, required, schema: jsonSchema(schema instanceof ZodOptional ? (schema.unwrap() as ZodTypeAny) : schema), example };
  });
}

function requestBody(op: Operation): Record<string, unknown> {
  if (!op.body) return {};
  const examples = Object.fromEntries(Object.entries(op.examples ?? {}).map(([name, value]) => [name, { value }]));
  return { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'all'), examples } } } };
}

function responses(op: Operation): Record<string, unknown> {
  return {
    [op.success]: { description: 'done' },
    ...(op.role === 'public'
      ? {}
      : {
          400: { description: "bad input: { error, message, fields: [{ field, message }] }; a wide rollout without a matching spec.confirm: { error: 'confirmation_required', confirm: { hosts, firstBatchHosts } }" },
          401: { description: 'no valid token (missing, unknown, revoked or expired)' },
          403: { description: 'role may not act' },
          429: { description: 'too many failed tokens from this address, or too many token checks at once; retry after Retry-After seconds' },
        }),
    ...(op.body ? { 413: { description: `body over ${BODY_LIMIT_BYTES} bytes` }, 415: { description: 'body not application/json in UTF-8, or compressed' } } : {}),
    ...(op.method === 'post' && op.path.startsWith('/api/v1/rollouts') ? { 409: { description: 'conflict: busy host, or the rollout is in a state that does not allow this' } } : {}),
  };
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const undeclared = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).filter((name) => !op.params?.[name]);
    if (undeclared.length > 0) throw new Error(`${op.method} ${op.path}: path parameters without a schema: ${undeclared.join(', ')}`);
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        summary: op.summary,
        'x-required-role': op.role,
        security: op.role === 'public' ? [] : [{ bearer: [] }],
        parameters: [...namedParameters('path', op.params), ...(op.query ? queryParameters(op.query) : []), ...namedParameters('header', op.headers)],
        ...requestBody(op),
        responses: responses(op),
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
