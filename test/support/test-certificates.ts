// Certificates and requests that Hitless itself never makes, for tests of what
// it refuses: an operator's own (possibly expired) HTTPS certificate, and
// enrolment requests with keys other than P-256.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto);
const { subtle } = webcrypto;

const KEYS = {
  'P-256': [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }],
  'P-384': [{ name: 'ECDSA', namedCurve: 'P-384' }, { name: 'ECDSA', hash: 'SHA-384' }],
  Ed25519: [{ name: 'Ed25519' }, { name: 'Ed25519' }],
  'RSA-1024': [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, { name: 'RSASSA-PKCS1-v1_5' }],
} as const;

export type TestKeyKind = keyof typeof KEYS;

async function keyPair(kind: TestKeyKind): Promise<webcrypto.CryptoKeyPair> {
  return (await subtle.generateKey(KEYS[kind][0], true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function csrWithKey(hostName: string, kind: TestKeyKind): Promise<string> {
  const keys = await keyPair(kind);
  return (await x509.Pkcs10CertificateRequestGenerator.create({ name: [{ CN: [hostName] }], keys, signingAlgorithm: KEYS[kind][1] })).toString('pem');
}

/** A self-signed P-256 server certificate for `names` (DNS names or IPv4 addresses), valid in the given period. */
export async function selfSignedServerCertificate(names: string[], notBefore: Date, notAfter: Date): Promise<{ certPem: string; keyPem: string }> {
  const keys = await keyPair('P-256');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: [{ CN: [names[0]] }],
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: KEYS['P-256'][1],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: /^\d+\.\d+\.\d+\.\d+$/.test(value) ? 'ip' : 'dns', value }))),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}
