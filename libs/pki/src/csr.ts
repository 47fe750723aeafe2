// The agent's half of enrollment: a fresh key that never leaves the host and a
// PKCS#10 request proving possession of it.
import { exportPrivateKeyPem, generateKeyPair, SIGNING_ALGORITHM } from './key-pair';
import { assertHostName } from './host-name';
import { x509 } from './x509';

export interface CsrWithKey {
  csrPem: string;
  keyPem: string;
}

export async function createCsr(hostName: string): Promise<CsrWithKey> {
  assertHostName(hostName);
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [hostName] }],
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
  });
  return { csrPem: csr.toString('pem'), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}
