// The CLI against a server that serves its API over HTTPS with a certificate from
// its own CA: it works when given that CA (flag, environment or config file), and
// refuses the server without it or with another CA, exit 6 and one line saying
// what to pass. A bad TLS configuration stops the server at start with the reason.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority } from '@hitless/pki';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { cliRunner, type CliRunner } from './run-cli';

describe('hitless CLI over HTTPS', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let home = '';
  let tokens: TestTokens;
  let cli: CliRunner;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'hitless-cli-tls-'));
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'cli-tls', https: true });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    cli = cliRunner(home, { HITLESS_SERVER: server.httpUrl, HITLESS_TOKEN: tokens.admin });
  });

  afterAll(async () => {
    await server?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('serves https:// and nothing in plain HTTP on that port', async () => {
    expect(server!.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const plain = await fetch(server!.httpUrl.replace('https:', 'http:') + '/healthz').then(
      (response) => response.status,
      (error: Error) => error.message,
    );
    expect(plain).not.toBe(200);
  });

  it('works with the server CA from --ca-file, HITLESS_CA_FILE or the config file', async () => {
    const viaFlag = await cli(['hosts', '-o', 'json', '--ca-file', server!.caFile]);
    expect([viaFlag.code, viaFlag.stderr]).toEqual([0, '']);
    expect(viaFlag.json()).toEqual([{ items: [] }]);
    const viaEnv = await cli(['tokens', '-o', 'json'], { HITLESS_CA_FILE: server!.caFile });
    expect(viaEnv.code).toBe(0);
    const configFile = join(home, 'cli.json');
    await writeFile(configFile, JSON.stringify({ server: server!.httpUrl, token: tokens.viewer, caFile: server!.caFile }));
    const viaFile = await cli(['hosts', '--config', configFile], { HITLESS_SERVER: '', HITLESS_TOKEN: '' });
    expect([viaFile.code, viaFile.stderr]).toEqual([0, '']);
  });

  it('refuses the server without its CA, or with another CA, saying what to pass', async () => {
    const otherCa = join(home, 'other-ca.crt');
    await writeFile(otherCa, (await createCertificateAuthority('Someone else')).certPem);
    const [without, other, missing] = await Promise.all([
      cli(['hosts', '-o', 'json']),
      cli(['hosts'], { HITLESS_CA_FILE: otherCa }),
      cli(['hosts'], { HITLESS_CA_FILE: join(home, 'nope.crt') }),
    ]);
    expect(without.code).toBe(6);
    expect(without.stderr).toMatch(/^hitless: the server at https:\/\/127\.0\.0\.1:\d+ presented a certificate this CLI does not trust \(\w+\): pass the server's CA certificate with --ca-file FILE or HITLESS_CA_FILE\n$/);
    expect(without.json()).toEqual([{ error: expect.objectContaining({ kind: 'CliFailure' }) }]);
    expect(other.code).toBe(6);
    expect(other.stderr).toContain(`does not chain to ${otherCa}`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the CA file .*nope\.crt/);
  });

  it('creates a token with an expiry, and answers a second token of the same name with 409', async () => {
    const ca = { HITLESS_CA_FILE: server!.caFile };
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await cli(['tokens', 'create', '--name', 'ci-expiring', '--role', 'viewer', '--expires-at', expiresAt, '-o', 'json'], ca);
    expect(created.code).toBe(0);
    expect(created.json<{ apiToken: { expiresAt: string } }>()[0].apiToken.expiresAt).toBe(expiresAt);
    const again = await cli(['tokens', 'create', '--name', 'ci-expiring', '--role', 'viewer'], ca);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/^hitless: 409 conflict: an API token named 'ci-expiring' exists already/);
    const listed = await cli(['tokens'], ca);
    expect(listed.stdout).toMatch(new RegExp(`ci-expiring +viewer +live until ${expiresAt.replace(/\./g, '\\.')}`));
  });
});
