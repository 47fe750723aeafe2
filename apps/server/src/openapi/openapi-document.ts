// The OpenAPI 3.1 document, generated from the same zod schemas the controllers
// validate with, so the document cannot drift from what the API accepts.
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

import { createSchema as apiTokenCreate } from '../api-tokens/api-tokens.controller';
import type { Role } from '../auth/roles';
import { bodySchema as joinTokenCreate } from '../enrollment/join-tokens.controller';
import { querySchema as historyQuery } from '../history/reload-history.controller';
import { listQuerySchema as hostsQuery } from '../hosts/hosts.controller';
import { createSchema as rolloutCreate, listSchema as rolloutsQuery } from '../rollouts/rollouts.controller';
import { overviewQuerySchema as overviewQuery } from '../fleet/fleet-overview.controller';
import { calendarQuerySchema as calendarQuery } from '../windows/window-calendar.controller';
import { bodySchema as windowCreate } from '../windows/windows.controller';

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  role: Role | 'public';
  body?: ZodTypeAny;
  query?: ZodTypeAny;
  success: number;
}

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/v1/rollouts', summary: 'List rollouts, newest first', role: 'viewer', query: rolloutsQuery, success: 200 },
  { method: 'post', path: '/api/v1/rollouts', summary: 'Create a rollout (Idempotency-Key header; spec.dryRun for a dry run)', role: 'operator', body: rolloutCreate, success: 201 },
  { method: 'get', path: '/api/v1/rollouts/{id}', summary: 'A rollout with its steps, each with its reload result cut to outcome, strategy, error, phases and probe figures', role: 'viewer', success: 200 },
  { method: 'get', path: '/api/v1/rollouts/{id}/steps/{host}', summary: "One host's step with the agents' whole reload and rollback results", role: 'viewer', success: 200 },
  { method: 'post', path: '/api/v1/rollouts/{id}/pause', summary: 'Stop dispatching new host steps', role: 'operator', success: 200 },
  { method: 'post', path: '/api/v1/rollouts/{id}/resume', summary: 'Resume a paused rollout', role: 'operator', success: 200 },
  { method: 'post', path: '/api/v1/rollouts/{id}/abort', summary: 'Abort and roll back the hosts already changed', role: 'operator', success: 200 },
  { method: 'get', path: '/api/v1/windows', summary: 'List maintenance windows', role: 'viewer', success: 200 },
  { method: 'post', path: '/api/v1/windows', summary: 'Create a maintenance window', role: 'operator', body: windowCreate, success: 201 },
  { method: 'delete', path: '/api/v1/windows/{id}', summary: 'Delete a maintenance window', role: 'operator', success: 204 },
  { method: 'get', path: '/api/v1/hosts', summary: 'List hosts (label=k=v,..., online=true|false)', role: 'viewer', query: hostsQuery, success: 200 },
  { method: 'get', path: '/api/v1/hosts/{name}', summary: "One host with its agent's last inventory (strategies available, and why not)", role: 'viewer', success: 200 },
  { method: 'put', path: '/api/v1/hosts/{name}/labels', summary: "Replace a host's labels", role: 'operator', success: 200 },
  { method: 'post', path: '/api/v1/join-tokens', summary: 'Issue a single-use join token for one host', role: 'admin', body: joinTokenCreate, success: 201 },
  { method: 'get', path: '/api/v1/api-tokens', summary: 'List API tokens', role: 'admin', success: 200 },
  { method: 'post', path: '/api/v1/api-tokens', summary: 'Create an API token (the secret is shown once)', role: 'admin', body: apiTokenCreate, success: 201 },
  { method: 'delete', path: '/api/v1/api-tokens/{id}', summary: 'Revoke an API token', role: 'admin', success: 204 },
  { method: 'get', path: '/api/v1/reloads', summary: 'Reload history (host, outcome, since, until)', role: 'viewer', query: historyQuery, success: 200 },
  { method: 'get', path: '/api/v1/overview', summary: 'Fleet summary: hosts online/offline, HAProxy, agent and config versions, rollouts by state, reload totals (hours)', role: 'viewer', query: overviewQuery, success: 200 },
  { method: 'get', path: '/api/v1/window-calendar', summary: 'Open periods of every maintenance window over the coming days (days, from)', role: 'viewer', query: calendarQuery, success: 200 },
  { method: 'get', path: '/api/v1/whoami', summary: "The calling token's name and role", role: 'viewer', success: 200 },
  { method: 'get', path: '/dashboard', summary: 'The status dashboard (sign in with an API token)', role: 'public', success: 200 },
  { method: 'get', path: '/healthz', summary: 'Liveness', role: 'public', success: 200 },
  { method: 'get', path: '/readyz', summary: 'Readiness: the database answers', role: 'public', success: 200 },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', role: 'public', success: 200 },
];

// Through unknown: the same zod schema type, compared structurally against
// zod-to-json-schema's own zod typings, exceeds TypeScript's instantiation depth.
type ToJsonSchema = (schema: ZodTypeAny, options: { target: 'openApi3'; $refStrategy: 'none' }) => Record<string, unknown>;
type AcceptedSchema = Parameters<typeof zodToJsonSchema>[0];
const toJsonSchema: ToJsonSchema = (schema, options) => zodToJsonSchema<'openApi3'>(schema as unknown as AcceptedSchema, options) as Record<string, unknown>;
const jsonSchema = (schema: ZodTypeAny) => toJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none' });

function queryParameters(schema: ZodTypeAny): Record<string, unknown>[] {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const body = op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: op.path === '/api/v1/rollouts' ? { ...jsonSchema(op.body), properties: { name: { type: 'string' }, spec: { type: 'object', description: 'a rollout spec: target, changes, plan, gates, strategy, offlineHosts, dryRun, windowId, scheduledStart, confirm ({hosts: N}: required, equal to the number of targeted hosts, when the first batch would change more than 10 hosts or 25% of them with no canary)' } } } : jsonSchema(op.body) } } } }
      : {};
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        summary: op.summary,
        'x-required-role': op.role,
        security: op.role === 'public' ? [] : [{ bearer: [] }],
        parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
        ...body,
        responses: {
          [op.success]: { description: 'done' },
          ...(op.role === 'public' ? {} : { 400: { description: "bad input: { fields: [{ field, message }] }; a wide rollout without a matching spec.confirm: { error: 'confirmation_required', confirm: { hosts, firstBatchHosts } }" }, 401: { description: 'no valid token' }, 403: { description: 'role may not act' } }),
          ...(op.method === 'post' && op.path.startsWith('/api/v1/rollouts') ? { 409: { description: 'conflict: busy host, or the rollout is in a state that does not allow this' } } : {}),
        },
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
