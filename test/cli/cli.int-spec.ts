// The `hitless` CLI against a real server process with real agents reloading
// real HAProxy in two lab namespaces: what scripts rely on is the exit code,
// the JSON on stdout and one clear line on stderr.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { freePort } from '../support/free-port';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { eventually } from '../support/eventually';
import { cliRunner, terminalRunner, type CliRunner, type TerminalRunner } from './run-cli';

const HOSTS = ['cli-h1', 'cli-h2'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface RolloutJson {
  id: string;
  state: string;
  created: boolean;
  name: string;
}

describe('hitless CLI against a real server and lab fleet', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let home = '';
  let tokens: TestTokens;
  let cli: CliRunner;
  let terminal: TerminalRunner;
  let firstRollout = '';

  const balances = () => Promise.all(fleet!.hosts.map(async (h) => /\n\s*balance (\S+)/.exec(await readFile(h.lb.configPath, 'utf8'))?.[1]));
  const rolloutCount = async () => (await sql!<{ n: number }[]>`SELECT count(*)::int AS n FROM rollouts`)[0].n;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'hitless-cli-'));
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'cli-1' });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    cli = cliRunner(home, { HITLESS_SERVER: server.httpUrl, HITLESS_TOKEN: tokens.operator });
    terminal = terminalRunner(home, { HITLESS_SERVER: server.httpUrl, HITLESS_TOKEN: tokens.operator });
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: HOSTS, labels: { env: 'lab' } });
  });

  afterAll(async () => {
    await server?.close();
    await fleet?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('lists the fleet as JSON', async () => {
    const run = await cli(['hosts', '--output', 'json']);
    expect(run.code).toBe(0);
    const [{ items }] = run.json<{ items: { name: string; online: boolean; labels: Record<string, string> }[] }>();
    expect(items.map((h) => [h.name, h.online, h.labels.env])).toEqual([
      ['cli-h1', true, 'lab'],
      ['cli-h2', true, 'lab'],
    ]);
    const none = await cli(['hosts', '--selector', 'env=nowhere', '--output', 'json']);
    expect(none.json()).toEqual([{ items: [] }]);
  });

  it('creates a rollout on the agents, watches it to success, and a retry with the same key creates nothing', async () => {
    expect(await balances()).toEqual(['roundrobin', 'roundrobin']);
    const args = ['rollout', 'create', '--name', 'cli to leastconn', '--set-balance', 'api=leastconn', '--selector', 'env=lab', '--canary', '1', '--batch', '50%', '--deadline', '60', '--idempotency-key', 'cli-test-0001', '--output', 'json'];
    const created = await cli(args);
    expect(created.code).toBe(0);
    const [rollout] = created.json<RolloutJson>();
    expect(rollout).toMatchObject({ created: true, name: 'cli to leastconn' });
    firstRollout = rollout.id;

    const watched = await cli(['rollout', 'status', rollout.id, '--watch', '--interval', '0.2', '--output', 'json']);
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const lines = watched.json<{ state: string; settled: number; total: number; terminal: boolean; failedRequests: number }>();
    expect(lines.at(-1)).toMatchObject({ state: 'succeeded', settled: 2, total: 2, terminal: true, failedRequests: 0 });
    expect(lines.slice(0, -1).every((l) => !l.terminal)).toBe(true);
    expect(await balances()).toEqual(['leastconn', 'leastconn']);

    const again = await cli(args);
    expect(again.code).toBe(0);
    expect(again.json<RolloutJson>()[0]).toMatchObject({ id: rollout.id, created: false });
    expect(await rolloutCount()).toBe(1);
  });

  it('rolls back by creating a rollout that sets the recorded previous balance', async () => {
    const run = await cli(['rollout', 'rollback', firstRollout, '--watch', '--interval', '0.2', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [{ rollouts }, ...progress] = run.json<{ rollouts: RolloutJson[] } & { state: string }>();
    expect(rollouts).toHaveLength(1);
    expect(rollouts[0].name).toBe('rollback of cli to leastconn');
    expect(progress.at(-1)?.state).toBe('succeeded');
    expect(await balances()).toEqual(['roundrobin', 'roundrobin']);
  });

  it('pauses and resumes a scheduled rollout, refuses a second pause with 409, and --watch exits 1 once it is aborted', async () => {
    // The spec file gives target and change; the flag adds a start far away, so nothing is dispatched.
    const specFile = join(home, 'spec.json');
    await writeFile(specFile, JSON.stringify({ target: { hosts: ['cli-h1'] }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'source' }], plan: { batchSize: { count: 1 } } }));
    const created = await cli(['rollout', 'create', '--spec', specFile, '--start', '2099-01-01T00:00:00Z', '-o', 'json']);
    expect(created.code).toBe(0);
    const [rollout] = created.json<RolloutJson & { spec: Record<string, unknown> }>();
    expect(rollout.spec).toMatchObject({ target: { hosts: ['cli-h1'] }, scheduledStart: '2099-01-01T00:00:00Z' });
    const id = rollout.id;
    const pause = await cli(['rollout', 'pause', id, '-o', 'json']);
    expect([pause.code, pause.json<RolloutJson>()[0].state]).toEqual([0, 'paused']);
    const twice = await cli(['rollout', 'pause', id]);
    expect(twice.code).toBe(5);
    expect(twice.stderr).toMatch(/^hitless: 409 conflict: .*already paused.*\n$/);
    const resume = await cli(['rollout', 'resume', id]);
    expect(resume.code).toBe(0);
    expect(resume.stdout).toBe(`rollout ${id}: resume accepted, now pending\n`);
    expect((await cli(['rollout', 'abort', id])).code).toBe(0);
    const watched = await cli(['rollout', 'status', id, '--watch', '--interval', '0.2']);
    expect(watched.code).toBe(1);
    expect(watched.stdout.trim().split('\n').at(-1)).toMatch(/ aborted /);
    expect(watched.stdout).not.toMatch(/\x1b/);
    expect(await balances()).toEqual(['roundrobin', 'roundrobin']);
  });

  it('answers every refusal with its exit code and one line naming the cause, creating nothing', async () => {
    const before = await rolloutCount();
    const create = ['rollout', 'create', '--selector', 'env=lab'];
    const port = await freePort();
    const [badAlgorithm, badName, badToken, viewer, unknown, unreachable, usage] = await Promise.all([
      cli([...create, '--set-balance', 'api=fastest']),
      cli([...create, '--set-balance', 'api=leastconn', '--name', 'nightly\nrm -rf']),
      cli(['hosts'], { HITLESS_TOKEN: 'hlt_not-a-token' }),
      cli([...create, '--set-balance', 'api=leastconn'], { HITLESS_TOKEN: tokens.viewer }),
      cli(['rollout', 'status', UNKNOWN_ID]),
      cli(['hosts', '-o', 'json'], { HITLESS_SERVER: `http://127.0.0.1:${port}` }),
      cli(['rollout', 'create', '--set-balance', 'api=leastconn']),
    ]);
    const oneLine = /^hitless: [^\n]+\n$/;
    expect([badAlgorithm.code, badName.code, badToken.code, viewer.code, unknown.code, unreachable.code, usage.code]).toEqual([2, 2, 3, 3, 4, 6, 2]);
    for (const run of [badAlgorithm, badName, badToken, viewer, unknown, unreachable, usage]) expect(run.stderr).toMatch(oneLine);
    expect(badAlgorithm.stderr).toMatch(/400 bad input: spec\.changes\[0\]\.balance/);
    expect(badName.stderr).toMatch(/400 bad input: name: /);
    expect(badToken.stderr).toMatch(/401 not authenticated/);
    expect(viewer.stderr).toMatch(/403 not allowed/);
    expect(unknown.stderr).toMatch(/404 not found: rollout/);
    expect(unreachable.stderr).toMatch(/cannot reach the server .*ECONNREFUSED/);
    expect(unreachable.json()).toEqual([{ error: expect.objectContaining({ kind: 'UnreachableError' }) }]);
    expect(usage.stderr).toMatch(/needs a target/);
    expect(await rolloutCount()).toBe(before);
  });

  it('asks before a rollout that changes every host at once, like terraform apply, and creates nothing unconfirmed', async () => {
    const before = await rolloutCount();
    // Both hosts in one batch with no canary; scheduled far ahead so nothing is dispatched.
    const wide = ['rollout', 'create', '--name', 'cli wide', '--set-balance', 'api=first', '--selector', 'env=lab', '--batch', '100%', '--start', '2099-01-01T00:00:00Z'];
    const abort = async (id: string) => {
      expect((await cli(['rollout', 'abort', id])).code).toBe(0);
      await eventually('the aborted rollout to end', async () => ((await sql!`SELECT 1 FROM rollouts WHERE id = ${id} AND finished_at IS NOT NULL`).length ? true : undefined));
    };

    const script = await cli(wide);
    expect(script.code).toBe(2);
    expect(script.stderr).toMatch(/^hitless: not created: the first batch would change 2 of 2 targeted hosts at once, with no canary\. Confirm with --confirm-hosts 2 \(or --yes\)[^\n]*\n$/);
    const miscounted = await cli([...wide, '--confirm-hosts', '3']);
    expect(miscounted.code).toBe(2);
    expect(miscounted.stderr).toMatch(/^hitless: 400 bad input: spec\.confirm\.hosts: is 3, but the target selects 2 host\(s\) now/);
    const declined = await terminal(wide, 'yes\n');
    expect(declined.code).toBe(2);
    expect(declined.output).toMatch(/first batch would change 2 of 2 targeted hosts at once/);
    expect(declined.output).toMatch(/Number of targeted hosts: /);
    expect(declined.output).toMatch(/not confirmed; nothing was created/);
    expect(await rolloutCount()).toBe(before);

    const typed = await terminal([...wide, '--idempotency-key', 'cli-wide-0001', '-o', 'json'], '2\n');
    expect(typed.code).toBe(0);
    const id = /"id":"([0-9a-f-]{36})"/.exec(typed.output)?.[1] ?? '';
    expect((await sql!`SELECT spec->'confirm' AS confirm FROM rollouts WHERE id = ${id}`)[0].confirm).toEqual({ hosts: 2 });
    // A script retrying with the same key, unconfirmed and without a terminal, finds the rollout instead of being refused.
    const retried = await cli([...wide, '--idempotency-key', 'cli-wide-0001', '-o', 'json']);
    expect([retried.code, retried.json<RolloutJson>()[0]]).toEqual([0, expect.objectContaining({ id, created: false })]);
    await abort(id);

    const yes = await cli([...wide, '--yes', '-o', 'json']);
    expect(yes.code).toBe(0);
    expect(yes.stderr).toMatch(/^confirmed with --yes: the first batch would change 2 of 2 targeted hosts/);
    await abort(yes.json<RolloutJson>()[0].id);
    const counted = await cli([...wide, '--confirm-hosts', '2', '-o', 'json']);
    expect(counted.code).toBe(0);
    await abort(counted.json<RolloutJson>()[0].id);
    expect(await rolloutCount()).toBe(before + 3);
    expect(await balances()).toEqual(['roundrobin', 'roundrobin']);
  });

  it('reads the config file, manages windows, and an admin\'s new token works until revoked', async () => {
    const configFile = join(home, 'admin.json');
    await writeFile(configFile, JSON.stringify({ server: server!.httpUrl, token: tokens.admin }));
    const admin = (args: string[]) => cli([...args, '--config', configFile], { HITLESS_SERVER: '', HITLESS_TOKEN: '' });

    const window = await admin(['windows', 'create', '--name', 'cli nights', '--cron', '0 2 * * 2,4', '--duration', '120', '--time-zone', 'Europe/Berlin', '-o', 'json']);
    expect(window.code).toBe(0);
    const { id: windowId } = window.json<{ id: string }>()[0];
    expect((await admin(['windows', '-o', 'json'])).json<{ items: { id: string }[] }>()[0].items.map((w) => w.id)).toEqual([windowId]);
    expect((await admin(['windows', 'delete', windowId])).code).toBe(0);

    const created = await admin(['tokens', 'create', '--name', 'ci-reader', '--role', 'viewer', '-o', 'json']);
    expect(created.code).toBe(0);
    const { token, apiToken } = created.json<{ token: string; apiToken: { id: string } }>()[0];
    expect((await cli(['hosts'], { HITLESS_TOKEN: token })).code).toBe(0);
    expect((await admin(['tokens', 'revoke', apiToken.id])).code).toBe(0);
    expect((await cli(['hosts'], { HITLESS_TOKEN: token })).code).toBe(3);
  });
});
