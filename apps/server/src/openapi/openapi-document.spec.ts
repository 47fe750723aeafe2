import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { API_PREFIX, API_ROUTES, SUCCESS_STATUSES, type OperationId, type RouteSpec } from '@hitless/api-contract';
import { ApiModule, type ApiDependencies } from '../http/api.module';
import { buildOpenApiDocument, documentedBody } from './openapi-document';

const ROUTES = Object.entries(API_ROUTES) as [OperationId, RouteSpec][];
const PREFIXED = new RegExp(`^${API_PREFIX}/`);

function servedRoutes(): string[] {
  const controllers = ApiModule.with({} as ApiDependencies).controllers ?? [];
  // Routes served outside the /api/v1 prefix (start-http.ts excludes them) are the table's paths without it.
  const unprefixed = new Set(ROUTES.map(([, route]) => route.path).filter((path) => !PREFIXED.test(path)));
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .map((name) => prototype[name])
      .filter((handler): handler is object => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
      .map((handler) => {
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        const documented = unprefixed.has(path.replace(/:(\w+)/g, '{$1}')) ? path : `${API_PREFIX}${path}`;
        return `${method} ${documented.replace(/:(\w+)/g, '{$1}')}`;
      });
  });
}

describe('the route table and the OpenAPI document', () => {
  it('lists every route the API serves, and no other, so the input walker and the client reach each one', () => {
    const documented = ROUTES.map(([, route]) => `${route.method} ${route.path}`);
    expect(servedRoutes().sort()).toEqual([...documented].sort());
  });

  it.each(ROUTES)('%s documents its success and every error it can answer with, each with its body', (_id, route) => {
    const statuses = Object.keys(route.responses).map(Number);
    const missing: number[] = [];
    const need = (status: number, when: boolean) => when && !statuses.includes(status) && missing.push(status);
    need(0, !statuses.some((status) => SUCCESS_STATUSES.includes(status)));
    const takesInput = route.params !== undefined || route.query !== undefined || route.headers !== undefined || route.body !== undefined;
    need(400, route.role !== 'public' && takesInput);
    for (const status of [401, 403, 429]) need(status, route.role !== 'public');
    for (const status of [413, 415]) need(status, route.body !== undefined);
    need(404, route.params !== undefined);
    expect({ missing }).toEqual({ missing: [] });
    // Only an answer with nothing to say has no body schema: done (204), or look elsewhere (302).
    const withoutSchema = Object.entries(route.responses).filter(([status, response]) => !response.schema && status !== '204' && status !== '302').map(([status]) => status);
    expect({ withoutSchema }).toEqual({ withoutSchema: [] });
  });

  it.each(ROUTES.filter(([, route]) => route.body))('%s: every body example is valid as documented, and there is one', (id, route) => {
    const examples = Object.entries(route.examples ?? {});
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, example] of examples) {
      const parsed = documentedBody(id)!.safeParse(example);
      expect({ name, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ name, issues: [] });
    }
  });

  it('describes each path parameter, query parameter, header and body field with a schema', () => {
    const document = buildOpenApiDocument() as { paths: Record<string, Record<string, { parameters: { name: string; in: string; schema: unknown }[] }>> };
    const rollouts = document.paths['/api/v1/rollouts'];
    expect(rollouts.post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', schema: expect.objectContaining({ pattern: expect.any(String) }) }));
    expect(rollouts.get.parameters.map((p) => p.name).sort()).toEqual(['cursor', 'limit', 'state']);
    expect(document.paths['/api/v1/rollouts/{id}/steps/{host}'].get.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', schema: expect.objectContaining({ format: 'uuid' }) }),
      expect.objectContaining({ name: 'host', in: 'path' }),
    ]);
    const spec = JSON.stringify(document.paths['/api/v1/rollouts'].post);
    for (const field of ['target', 'changes', 'batchSize', 'agentDeadlineSeconds', 'scheduledStart', 'windowId']) expect(spec).toContain(`"${field}"`);
  });

  it('describes answers as JSON carries them: instants as date-time text, each field of a rollout', () => {
    const document = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>> };
    const created = document.paths['/api/v1/rollouts'].post.responses['201'].content!['application/json'].schema;
    expect(created.properties?.createdAt).toEqual({ type: 'string', format: 'date-time' });
    expect(created.properties?.finishedAt).toEqual({ type: 'string', format: 'date-time', nullable: true });
    expect(Object.keys(created.properties ?? {})).toEqual(expect.arrayContaining(['id', 'name', 'spec', 'state', 'stopReason', 'dryRun', 'wakeAt']));
    const refused = document.paths['/api/v1/rollouts'].post.responses['400'].content!['application/json'].schema;
    expect(Object.keys(refused.properties ?? {})).toEqual(['error', 'message', 'fields', 'confirm']);
  });
});
