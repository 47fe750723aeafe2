import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiModule, type ApiDependencies } from '../http/api.module';
import { API_PREFIX } from '../http/start-http';
import { buildOpenApiDocument, OPERATIONS } from './openapi-document';

// Routes served outside the /api/v1 prefix (start-http.ts excludes them).
const UNPREFIXED = ['/', '/healthz', '/readyz', '/metrics', '/api/openapi.json', '/dashboard', '/dashboard/app.js', '/dashboard/app.css'];

function servedRoutes(): string[] {
  const controllers = ApiModule.with({} as ApiDependencies).controllers ?? [];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .map((name) => prototype[name])
      .filter((handler): handler is object => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
      .map((handler) => {
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        const documented = UNPREFIXED.includes(path) ? path : `/${API_PREFIX}${path}`;
        return `${method} ${documented.replace(/:(\w+)/g, '{$1}')}`;
      });
  });
}

describe('the OpenAPI document', () => {
  it('lists every route the API serves, so the input walker test reaches each one', () => {
    const documented = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(servedRoutes().sort()).toEqual([...documented].sort());
  });

  it.each(OPERATIONS.filter((op) => op.body).map((op) => [`${op.method} ${op.path}`, op] as const))('%s: every body example is valid, and there is one', (_name, op) => {
    const examples = Object.entries(op.examples ?? {});
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, example] of examples) {
      const parsed = op.body!.safeParse(example);
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
});
