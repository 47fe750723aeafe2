// The CA and the server's own certificate, created on first start and kept in
// the state dir (private keys 0600), so agents enrolled yesterday still trust us.
import { CertificateAuthority, createCertificateAuthority, exportPrivateKeyPem, generateKeyPair } from '@hitless/pki';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ServerTlsMaterial {
  ca: CertificateAuthority;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeAtomic(path: string, content: string, mode: number): Promise<void> {
  await writeFile(`${path}.tmp`, content, { mode, flush: true });
  await rename(`${path}.tmp`, path);
}

export async function loadOrCreateServerTls(stateDir: string, serverName: string, altNames: string[]): Promise<ServerTlsMaterial> {
  const dir = join(stateDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths = { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };

  let caCertPem = await readIfExists(paths.caCert);
  let caKeyPem = await readIfExists(paths.caKey);
  if (!caCertPem || !caKeyPem) {
    const material = await createCertificateAuthority();
    await writeAtomic(paths.caKey, material.keyPem, 0o600);
    await writeAtomic(paths.caCert, material.certPem, 0o644);
    ({ certPem: caCertPem, keyPem: caKeyPem } = material);
  }
  const ca = await CertificateAuthority.load({ certPem: caCertPem, keyPem: caKeyPem });

  let certPem = await readIfExists(paths.cert);
  let keyPem = await readIfExists(paths.key);
  if (!certPem || !keyPem) {
    const keys = await generateKeyPair();
    const issued = await ca.issueForKey(keys.publicKey, { name: serverName, role: 'server', altNames });
    keyPem = await exportPrivateKeyPem(keys.privateKey);
    certPem = issued.certPem;
    await writeAtomic(paths.key, keyPem, 0o600);
    await writeAtomic(paths.cert, certPem, 0o644);
  }
  return { ca, caCertPem, certPem, keyPem };
}
