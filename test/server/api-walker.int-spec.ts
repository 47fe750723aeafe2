// Issue 12: every bad request is a 4xx. The walker reads /api/openapi.json from a
// running server, so a route added there is walked without touching this file,
// and sends every operation hostile values in each path parameter, query
// parameter, header and body field it declares (test/support/openapi-walk.ts),
// plus bodies of the wrong size, type, charset and encoding. Each answer must be
// the 4xx the case needs (a 400 naming the input), never a 5xx; after each one
// every table of the database must read as before; and at the end the live config
// of both lab hosts must be byte for byte what it was. The lab hosts carry the
// label the document's rollout example targets (env=prod), so a hostile rollout
// that slipped through validation would really run on them.
import { readFile } from 'node:fs/promises';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { HOSTILE_STRINGS, operationsOf, validRequest, walkCases, type OpenApiDocument, type WalkCase, type WalkRequest } from '../support/openapi-walk';
import { rawRequest } from '../support/raw-http';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const HOSTS = ['lb-w1', 'lb-w2'];
// Written by heartbeats and by token use, not by any request of the walk.
const VOLATILE_COLUMNS = ['last_heartbeat_at', 'agent_address', 'agent_version', 'haproxy_version', 'haproxy_mode', 'kernel', 'config_hash', 'preferred_strategy', 'inventory', 'last_used_at'];
// Driver and SQL text that must never reach a client.
const DRIVER_TEXT = /postgres|invalid input syntax|violates|relation "|column "|syntax error at|SQLSTATE|22P02|\bat .+\.(ts|js):\d+/i;

type Snapshot = Map<string, { rows: number; digest: string }>;

describe('every operation of /api/openapi.json against hostile input', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let tokens: TestTokens;
  let port: number;
  let document: OpenApiDocument;
  let cases: WalkCase[];
  let tables: string[];
  let snapshot: Snapshot;
  const configs = new Map<string, Buffer>();

  const readSnapshot = async (): Promise<Snapshot> => {
    // One statement over every table of the schema, read from the catalogue so a new table is covered too.
    const query = tables
      .map((table) => {
        const row = `(to_jsonb(t) - $1::text[])::text`;
        return `SELECT '${table}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS digest FROM "${table}" t`;
      })
      .join(' UNION ALL ');
    const rows = await sql!.unsafe<{ name: string; rows: number; digest: string }[]>(query, [VOLATILE_COLUMNS]);
    return new Map(rows.map((row) => [row.name, { rows: row.rows, digest: row.digest }]));
  };

  /** What changed since the last snapshot (and takes the new one as the baseline, so one slip is reported once). */
  const changesSinceLast = async (): Promise<string[]> => {
    const now = await readSnapshot();
    const changed = [...now].filter(([table, state]) => snapshot.get(table)?.digest !== state.digest).map(([table, state]) => `${table}: ${snapshot.get(table)?.rows} -> ${state.rows} rows${snapshot.get(table)?.rows === state.rows ? ' (contents changed)' : ''}`);
    snapshot = now;
    return changed;
  };

  const fieldsOf = (body: string): string[] | undefined => {
    try {
      const parsed = JSON.parse(body) as { fields?: { field: string }[] };
      return parsed.fields?.map((f) => f.field);
    } catch {
      return undefined; // not JSON: reported by the caller as a missing field list
    }
  };
  const normal = (field: string) => (field === '(body)' ? '' : field.replace(/\[(\d+)\]/g, '.$1').toLowerCase());
  /** The answer names the input itself, a field inside it, or an object around it (never just the whole body). */
  const names = (fields: string[], expected: string) =>
    fields.map(normal).some((field) => {
      const want = normal(expected);
      return field === want || field.startsWith(`${want}.`) || (field !== '' && want.startsWith(`${field}.`));
    });

  /** Sends one request and says what was wrong with the answer, if anything. */
  const send = async (label: string, request: WalkRequest, token: string | undefined, statuses: number[], field?: string): Promise<string[]> => {
    const problems: string[] = [];
    const response = await rawRequest(port, { ...request, headers: { ...request.headers, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) } }).catch((error: Error) => {
      problems.push(`${label}: no answer (${error.message})`);
      return undefined;
    });
    if (!response) return problems;
    const shown = `${response.status} ${response.body.slice(0, 240)}`;
    if (!statuses.includes(response.status)) problems.push(`${label}: wanted ${statuses.join('/')}, got ${shown}`);
    else if (field !== undefined && response.status === 400) {
      const fields = fieldsOf(response.body);
      if (!fields || !names(fields, field)) problems.push(`${label}: the 400 does not name ${field}: ${shown}`);
    }
    if ((response.headers['content-type'] ?? '').startsWith('application/json') && response.status >= 400) {
      const body = JSON.parse(response.body) as { error?: unknown; message?: unknown };
      if (typeof body.error !== 'string' || body.message === undefined) problems.push(`${label}: error body without {error, message}: ${shown}`);
      if (DRIVER_TEXT.test(response.body)) problems.push(`${label}: driver text in the answer: ${shown}`);
    }
    problems.push(...(await changesSinceLast()).map((change) => `${label}: stored something: ${change}`));
    return problems;
  };

  const labelOf = (c: WalkCase) => `${c.operation} ${c.input} <- ${c.payload}`;

  beforeAll(async () => {
    db = await startTestDatabase();
    // The walk sends thousands of requests without a valid token from one address by design: the
    // flood limit (tested in auth-edge.int-spec.ts) is set out of its way, so each answer is the route's own.
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'walker', extra: { authLimits: { burst: 10_000, refillPerMinute: 60_000 } } });
    port = Number(new URL(server.httpUrl).port);
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: HOSTS, labels: { env: 'prod' } });
    for (const host of fleet.hosts) configs.set(host.name, await readFile(host.lb.configPath));
    document = (await (await fetch(`${server.httpUrl}/api/openapi.json`)).json()) as OpenApiDocument;
    // Path values that name real things, so a hostile body or query beside them would reach a real row.
    cases = walkCases(document, { pathValues: { name: HOSTS[0], host: HOSTS[0] } });
    tables = (await sql<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`).map((row) => row.table_name);
    snapshot = await readSnapshot();
  });

  afterAll(async () => {
    await fleet?.close();
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
  });

  it('finds something to send to every parameter, header and body field the document declares', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const walked = new Set(cases.map((c) => `${c.operation} ${c.input.split(' ').slice(0, 2).join(' ')}`));
    const declared = operations.flatMap((op) => op.parameters.map((p) => `${op.name} ${p.in} ${p.name}`));
    expect(declared.filter((input) => !walked.has(input))).toEqual([]);
    // A body without an example would be walked from nothing: every case refused for the wrong reason.
    expect(operations.filter((o) => o.media && o.examples.length === 0).map((o) => o.name)).toEqual([]);
    // The rollout spec is walked field by field, down to the change's own fields.
    const rolloutFields = new Set(cases.filter((c) => c.operation === 'post /api/v1/rollouts').map((c) => c.input));
    for (const field of ['body name', 'body spec.target.labels', 'body spec.target.hosts.0', 'body spec.changes.0.balance', 'body spec.changes.0.weight', 'body spec.plan.canary.count', 'body spec.scheduledStart'])
      expect(rolloutFields).toContain(field);
    expect(tables).toEqual(expect.arrayContaining(['rollouts', 'rollout_steps', 'step_dispatches', 'audit_log', 'hosts', 'api_tokens', 'maintenance_windows']));
    process.stdout.write(`api walker: ${operations.length} operations, ${cases.length} cases, ${tables.length} tables\n`);
  });

  it('answers each hostile request with the 4xx it needs, naming the input, and stores nothing (admin token)', async () => {
    const started = Date.now();
    const problems: string[] = [];
    for (const c of cases) problems.push(...(await send(labelOf(c), c.request, tokens.admin, c.expect.statuses, c.expect.field)));
    process.stdout.write(`api walker: ${cases.length} admin cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(problems).toEqual([]);
  });

  it('refuses the valid example of every protected operation without a token (401) and below its role (403), storing nothing', async () => {
    const problems: string[] = [];
    const below: Record<string, (keyof TestTokens)[]> = { viewer: [], operator: ['viewer'], admin: ['viewer', 'operator'] };
    for (const op of operationsOf(document, { pathValues: { name: HOSTS[0], host: HOSTS[0] } }).filter((o) => o.role !== 'public')) {
      const request = validRequest(op);
      problems.push(...(await send(`${op.name} with no token`, request, undefined, [401])));
      for (const role of below[op.role]) problems.push(...(await send(`${op.name} as ${role}`, request, tokens[role], [403])));
    }
    expect(problems).toEqual([]);
  });

  it('answers hostile requests without a token and as a viewer the same way or with 401/403, never 2xx or 5xx', async () => {
    // One case per input and payload kind keeps this pass short; the admin pass sends them all.
    const sample = cases.filter((c, i) => cases.findIndex((other) => other.operation === c.operation && other.input === c.input) === i || c.early);
    const problems: string[] = [];
    for (const c of sample) {
      const anonymous = c.role === 'public' ? c.expect.statuses : [401, ...(c.early ? c.expect.statuses : [])];
      problems.push(...(await send(`${labelOf(c)} (no token)`, c.request, undefined, anonymous)));
      const asViewer = c.role === 'public' || c.role === 'viewer' ? c.expect.statuses : [403, ...(c.early ? c.expect.statuses : [])];
      problems.push(...(await send(`${labelOf(c)} (viewer)`, c.request, tokens.viewer, asViewer, c.role === 'viewer' ? c.expect.field : undefined)));
    }
    expect(problems).toEqual([]);
  });

  it('refuses hostile Authorization headers with 401', async () => {
    const hosts = { method: 'GET', target: '/api/v1/hosts', headers: {} };
    const problems: string[] = [];
    const values: Record<string, string> = {
      ...Object.fromEntries(Object.entries(HOSTILE_STRINGS).filter(([, text]) => !/[\r\n\0]/.test(text)).map(([name, text]) => [name, `Bearer ${Buffer.from(text, 'utf8').toString('latin1')}`])),
      'another scheme': `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      'a huge token': `Bearer hlt_${'x'.repeat(8_000)}`,
      'a token for another scheme': `Token ${tokens.admin}`,
      'an empty bearer': 'Bearer ',
    };
    for (const [name, value] of Object.entries(values)) problems.push(...(await send(`Authorization: ${name}`, { ...hosts, headers: { authorization: value } }, undefined, [401])));
    expect(problems).toEqual([]);
  });

  it('left the live config of every lab host byte for byte unchanged, and the server logged no error', async () => {
    for (const host of fleet!.hosts) expect((await readFile(host.lb.configPath)).equals(configs.get(host.name)!)).toBe(true);
    // pino level 50 and up: an unhandled error (a 500), or the filter's safety net for a value Postgres refused.
    const errors = server!.logs().split('\n').filter((line) => /"level":(50|60)/.test(line));
    expect(errors.map((line) => line.slice(0, 600))).toEqual([]);
  });

  // Last: halting the database makes heartbeats fail, which the server rightly logs as errors.
  it('says only "database unavailable" on /readyz while the database is down, and the driver\'s reason in its own log', async () => {
    await db!.halt();
    try {
      const response = await rawRequest(port, { method: 'GET', target: '/readyz' });
      expect(response.status).toBe(503);
      expect(JSON.parse(response.body)).toEqual({ error: 'unavailable', message: 'database unavailable' });
      // The log reaches the test through the process's stderr, a moment after the answer.
      await eventually('the readiness log line', async () => (server!.logs().includes('readiness check: the database did not answer') ? true : undefined), 10_000);
    } finally {
      await db!.resume();
    }
    expect(await eventually('/readyz to answer 200 again', async () => ((await rawRequest(port, { method: 'GET', target: '/readyz' })).status === 200 ? true : undefined), 30_000, 200)).toBe(true);
  });
});
