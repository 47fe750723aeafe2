// The REST API's TLS settings as an operator meets them: the server's start
// fails with the reason for a missing file, a key of another certificate, an
// expired certificate, or plain HTTP on a public address; an operator's own
// certificate and key are served as given.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchTrusting } from '../../apps/cli/src/trusted-fetch';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { selfSignedServerCertificate } from '../support/test-certificates';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const DAY_MS = 86_400_000;

describe('REST API TLS configuration', () => {
  let db: TestDatabase | undefined;
  let dir = '';
  const started: ServerProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-tls-'));
    db = await startTestDatabase();
  });

  afterAll(async () => {
    for (const server of started) await server.close();
    await db?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const files = async (name: string, pem: { certPem: string; keyPem: string }) => {
    const paths = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    await writeFile(paths.certFile, pem.certPem);
    await writeFile(paths.keyFile, pem.keyPem, { mode: 0o600 });
    return paths;
  };

  /** What the server said when it refused to start. */
  const startFailure = async (replicaName: string, extra: Record<string, unknown>): Promise<string> => {
    try {
      started.push(await createServerProcess({ databaseUrl: db!.url, replicaName, extra }));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`server ${replicaName} started with ${JSON.stringify(extra)}`);
  };

  it('stops at start, naming the setting, for every bad TLS or listen configuration', async () => {
    const now = Date.now();
    const good = await selfSignedServerCertificate(['localhost', '127.0.0.1'], new Date(now - DAY_MS), new Date(now + 30 * DAY_MS));
    const other = await selfSignedServerCertificate(['localhost'], new Date(now - DAY_MS), new Date(now + 30 * DAY_MS));
    const expired = await selfSignedServerCertificate(['localhost'], new Date(now - 30 * DAY_MS), new Date(now - DAY_MS));
    const goodFiles = await files('good', good);
    const mismatched = { certFile: goodFiles.certFile, keyFile: (await files('other', other)).keyFile };
    const expiredFiles = await files('expired', expired);
    const notPem = await files('garbage', { certPem: 'not a certificate', keyPem: good.keyPem });

    expect(await startFailure('missing', { httpTls: { source: 'files', certFile: join(dir, 'nope.crt'), keyFile: goodFiles.keyFile } })).toMatch(
      /httpTls\.certFile: cannot read .*nope\.crt: ENOENT/,
    );
    expect(await startFailure('mismatch', { httpTls: { source: 'files', ...mismatched } })).toMatch(/httpTls\.keyFile is not the key of the certificate in httpTls\.certFile/);
    expect(await startFailure('expired', { httpTls: { source: 'files', ...expiredFiles } })).toMatch(/httpTls\.certFile: the certificate expired on /);
    expect(await startFailure('garbage', { httpTls: { source: 'files', ...notPem } })).toMatch(/httpTls\.certFile is not a PEM certificate/);
    expect(await startFailure('public', { httpListen: '0.0.0.0:0' })).toMatch(/httpListen: 0\.0\.0\.0:0 is not a loopback address and the API has no TLS/);
    expect(await startFailure('bad-name', { httpTls: { source: 'ca', altNames: ['Not A Name'] } })).toMatch(/httpTls: the certificate would name 'Not A Name'/);
  });

  it("serves the operator's own certificate and key", async () => {
    const now = Date.now();
    const pem = await selfSignedServerCertificate(['localhost', '127.0.0.1'], new Date(now - DAY_MS), new Date(now + 30 * DAY_MS));
    const server = await createServerProcess({ databaseUrl: db!.url, replicaName: 'own-cert', extra: { httpTls: { source: 'files', ...(await files('own', pem)) } } });
    started.push(server);
    const url = server.httpUrl.replace('http:', 'https:');
    // Trusted as its own CA: the very certificate in the file is the one served.
    expect((await fetchTrusting(pem.certPem)(`${url}/healthz`)).status).toBe(200);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
