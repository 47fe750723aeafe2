// The route table: every operation the server answers, with the schemas of what
// it takes and of every answer it gives. The server validates with these schemas
// and types its handlers' results from them, the OpenAPI document is generated
// from this table, and the client (client/api-client.ts) sends requests by it.
// A unit test of the server compares this table with the routes Nest serves.
import { z } from 'zod';
import { errorBodySchema } from '../schemas/error-bodies';
import { fleetOverviewSchema, overviewQuerySchema } from '../schemas/fleet-overview.schemas';
import { hostDetailSchema, hostLabelsSchema, hostPageSchema, listHostsQuerySchema, setLabelsBodySchema } from '../schemas/host.schemas';
import { reloadHistoryQuerySchema, reloadPageSchema } from '../schemas/reload-history.schemas';
import { createRolloutBodySchema, idempotencyKeySchema, listRolloutsQuerySchema, rolloutDetailSchema, rolloutIdSchema, rolloutPageSchema, rolloutSchema, stepDetailSchema } from '../schemas/rollout.schemas';
import { apiTokenIdSchema, apiTokenListSchema, createApiTokenBodySchema, createdApiTokenSchema, createJoinTokenBodySchema, joinTokenSchema, whoamiSchema } from '../schemas/token.schemas';
import { calendarQuerySchema, createWindowBodySchema, maintenanceWindowRecordSchema, windowCalendarSchema, windowIdSchema, windowListSchema } from '../schemas/window.schemas';
import { hostNameSchema } from '../values/host-name';
import { conflict, notFound, PROTECTED, WITH_BODY } from './error-responses';
import type { NamedParameter, RouteSpec } from './route-spec';

export const API_PREFIX = '/api/v1';

const EXAMPLE_ID = '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8e';
const hostParam: NamedParameter = { schema: hostNameSchema, example: 'lb-1' };
const idParam = (schema: z.ZodTypeAny) => ({ id: { schema, example: EXAMPLE_ID } });

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

const ok = <S extends z.ZodTypeAny>(description: string, schema: S) => ({ description, schema });
const noContent = { description: 'done; no body' };
const text = (description: string, contentType: string) => ({ description, schema: z.string(), contentType });

const ROLLOUT_NOT_FOUND = notFound('rollout');
const ROLLOUT_COMMAND = { ...PROTECTED, ...ROLLOUT_NOT_FOUND, ...conflict('the rollout is in a state that does not allow this (its state is in the answer)') };

export const API_ROUTES = {
  listRollouts: {
    method: 'get',
    path: `${API_PREFIX}/rollouts`,
    summary: 'List rollouts, newest first',
    role: 'viewer',
    query: listRolloutsQuerySchema,
    responses: { 200: ok('a page of rollouts', rolloutPageSchema), ...PROTECTED },
  },
  createRollout: {
    method: 'post',
    path: `${API_PREFIX}/rollouts`,
    summary: 'Create a rollout (Idempotency-Key header; spec.dryRun for a dry run)',
    role: 'operator',
    headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, example: 'api-leastconn-2026-11-26' } },
    body: createRolloutBodySchema,
    examples: {
      balance: rolloutExample([{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }]),
      weight: rolloutExample([{ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 }]),
    },
    responses: {
      201: ok('the rollout, created', rolloutSchema),
      200: ok('the rollout an earlier request with the same Idempotency-Key created; nothing new was stored', rolloutSchema),
      ...PROTECTED,
      ...WITH_BODY,
      ...conflict('a targeted host is busy in another rollout (busyHosts), or the Idempotency-Key was used for a different rollout (rolloutId)'),
    },
  },
  getRollout: {
    method: 'get',
    path: `${API_PREFIX}/rollouts/{id}`,
    summary: 'A rollout with its steps, each with its reload result cut to outcome, strategy, error, phases and probe figures',
    role: 'viewer',
    params: idParam(rolloutIdSchema),
    responses: { 200: ok('the rollout and its steps', rolloutDetailSchema), ...PROTECTED, ...ROLLOUT_NOT_FOUND },
  },
  getRolloutStep: {
    method: 'get',
    path: `${API_PREFIX}/rollouts/{id}/steps/{host}`,
    summary: "One host's step with the agents' whole reload and rollback results; HAProxy's own output (validationOutput) only for operators and admins",
    role: 'viewer',
    params: { ...idParam(rolloutIdSchema), host: hostParam },
    responses: { 200: ok("the step and the agents' results", stepDetailSchema), ...PROTECTED, ...notFound('rollout, or host in it') },
  },
  pauseRollout: {
    method: 'post',
    path: `${API_PREFIX}/rollouts/{id}/pause`,
    summary: 'Stop dispatching new host steps',
    role: 'operator',
    params: idParam(rolloutIdSchema),
    responses: { 200: ok('the rollout, paused', rolloutSchema), ...ROLLOUT_COMMAND },
  },
  resumeRollout: {
    method: 'post',
    path: `${API_PREFIX}/rollouts/{id}/resume`,
    summary: 'Resume a paused rollout',
    role: 'operator',
    params: idParam(rolloutIdSchema),
    responses: { 200: ok('the rollout, resumed', rolloutSchema), ...ROLLOUT_COMMAND },
  },
  abortRollout: {
    method: 'post',
    path: `${API_PREFIX}/rollouts/{id}/abort`,
    summary: 'Abort and roll back the hosts already changed',
    role: 'operator',
    params: idParam(rolloutIdSchema),
    responses: { 200: ok('the rollout, aborting', rolloutSchema), ...ROLLOUT_COMMAND },
  },
  listWindows: {
    method: 'get',
    path: `${API_PREFIX}/windows`,
    summary: 'List maintenance windows',
    role: 'viewer',
    responses: { 200: ok('every live maintenance window', windowListSchema), ...PROTECTED },
  },
  createWindow: {
    method: 'post',
    path: `${API_PREFIX}/windows`,
    summary: 'Create a maintenance window',
    role: 'operator',
    body: createWindowBodySchema,
    examples: {
      recurring: { name: 'prod nights', window: { kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Berlin' } },
      'one-off': { name: 'migration night', window: { kind: 'one-off', start: '2026-11-26T02:00:00Z', end: '2026-11-26T04:00:00Z' } },
    },
    responses: { 201: ok('the window, created', maintenanceWindowRecordSchema), ...PROTECTED, ...WITH_BODY, ...conflict('a window with this name exists') },
  },
  deleteWindow: {
    method: 'delete',
    path: `${API_PREFIX}/windows/{id}`,
    summary: 'Delete a maintenance window',
    role: 'operator',
    params: idParam(windowIdSchema),
    responses: { 204: noContent, ...PROTECTED, ...notFound('live maintenance window') },
  },
  listHosts: {
    method: 'get',
    path: `${API_PREFIX}/hosts`,
    summary: 'List hosts (label=k=v,..., online=true|false)',
    role: 'viewer',
    query: listHostsQuerySchema,
    responses: { 200: ok('a page of hosts, by name', hostPageSchema), ...PROTECTED },
  },
  getHost: {
    method: 'get',
    path: `${API_PREFIX}/hosts/{name}`,
    summary: "One host with its agent's last inventory (strategies available, and why not)",
    role: 'viewer',
    params: { name: hostParam },
    responses: { 200: ok('the host', hostDetailSchema), ...PROTECTED, ...notFound('host') },
  },
  setHostLabels: {
    method: 'put',
    path: `${API_PREFIX}/hosts/{name}/labels`,
    summary: "Replace a host's labels",
    role: 'operator',
    params: { name: hostParam },
    body: setLabelsBodySchema,
    examples: { labels: { labels: { env: 'prod', region: 'eu' } } },
    responses: { 200: ok("the host's labels now", hostLabelsSchema), ...PROTECTED, ...WITH_BODY, ...notFound('host') },
  },
  createJoinToken: {
    method: 'post',
    path: `${API_PREFIX}/join-tokens`,
    summary: 'Issue a single-use join token for one host',
    role: 'admin',
    body: createJoinTokenBodySchema,
    examples: { host: { hostName: 'lb-7', ttlMinutes: 15 } },
    responses: { 201: ok('the token (shown once) and when it expires', joinTokenSchema), ...PROTECTED, ...WITH_BODY },
  },
  listApiTokens: {
    method: 'get',
    path: `${API_PREFIX}/api-tokens`,
    summary: 'List API tokens',
    role: 'admin',
    responses: { 200: ok('every API token, revoked ones too, without secrets', apiTokenListSchema), ...PROTECTED },
  },
  createApiToken: {
    method: 'post',
    path: `${API_PREFIX}/api-tokens`,
    summary: 'Create an API token (the secret is shown once)',
    role: 'admin',
    body: createApiTokenBodySchema,
    examples: { ci: { name: 'ci', role: 'viewer' } },
    responses: { 201: ok('the secret and the token', createdApiTokenSchema), ...PROTECTED, ...WITH_BODY, ...conflict('a token with this name exists or existed (field: name)') },
  },
  revokeApiToken: {
    method: 'delete',
    path: `${API_PREFIX}/api-tokens/{id}`,
    summary: 'Revoke an API token',
    role: 'admin',
    params: idParam(apiTokenIdSchema),
    responses: { 204: noContent, ...PROTECTED, ...notFound('live API token') },
  },
  listReloads: {
    method: 'get',
    path: `${API_PREFIX}/reloads`,
    summary: 'Reload history (host, outcome, since, until)',
    role: 'viewer',
    query: reloadHistoryQuerySchema,
    responses: { 200: ok('a page of reload results, newest first', reloadPageSchema), ...PROTECTED },
  },
  getOverview: {
    method: 'get',
    path: `${API_PREFIX}/overview`,
    summary: 'Fleet summary: hosts online/offline, HAProxy, agent and config versions, rollouts by state, reload totals (hours)',
    role: 'viewer',
    query: overviewQuerySchema,
    responses: { 200: ok('the fleet in figures', fleetOverviewSchema), ...PROTECTED },
  },
  getWindowCalendar: {
    method: 'get',
    path: `${API_PREFIX}/window-calendar`,
    summary: 'Open periods of every maintenance window over the coming days (days, from)',
    role: 'viewer',
    query: calendarQuerySchema,
    responses: { 200: ok('each live window with its open periods', windowCalendarSchema), ...PROTECTED },
  },
  whoami: {
    method: 'get',
    path: `${API_PREFIX}/whoami`,
    summary: "The calling token's name and role",
    role: 'viewer',
    responses: { 200: ok("the token's name and role", whoamiSchema), ...PROTECTED },
  },
  root: {
    method: 'get',
    path: '/',
    summary: 'Sends the browser to /dashboard',
    role: 'public',
    responses: { 302: { description: 'to Location: /dashboard, without a body' } },
  },
  dashboardPage: { method: 'get', path: '/dashboard', summary: 'The status dashboard (sign in with an API token)', role: 'public', responses: { 200: text('the page', 'text/html') } },
  dashboardScript: { method: 'get', path: '/dashboard/app.js', summary: "The dashboard's script", role: 'public', responses: { 200: text('the script', 'text/javascript') } },
  dashboardStyle: { method: 'get', path: '/dashboard/app.css', summary: "The dashboard's style sheet", role: 'public', responses: { 200: text('the style sheet', 'text/css') } },
  openapi: { method: 'get', path: '/api/openapi.json', summary: 'This document', role: 'public', responses: { 200: ok('the OpenAPI 3.0 document', z.object({ openapi: z.string(), paths: z.record(z.unknown()) }).passthrough()) } },
  healthz: { method: 'get', path: '/healthz', summary: 'Liveness', role: 'public', responses: { 200: ok('the process answers', z.object({ status: z.literal('ok') }).strict()) } },
  readyz: {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers (503 "database unavailable" when not)',
    role: 'public',
    responses: { 200: ok('the database answers', z.object({ status: z.literal('ready') }).strict()), 503: { description: 'database unavailable', schema: errorBodySchema } },
  },
  metrics: { method: 'get', path: '/metrics', summary: 'Prometheus metrics', role: 'public', responses: { 200: text('Prometheus text format 0.0.4', 'text/plain') } },
} as const satisfies Record<string, RouteSpec>;

export type ApiRoutes = typeof API_ROUTES;
export type OperationId = keyof ApiRoutes;
