import { X509Certificate, type webcrypto } from 'node:crypto';
import { CertificateAuthority, checkPeerCertificate, createCertificateAuthority, createCsr, InvalidCsrError, InvalidHostNameError } from './index';
import { subtle, x509 } from './x509';

type KeyAlgorithm = webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams | webcrypto.Algorithm;

/** A CSR made with any key the platform can make, as a host's own tooling might. */
async function csrWithKey(algorithm: KeyAlgorithm, signingAlgorithm: Record<string, unknown>): Promise<string> {
  const keys = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return (await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=lb-1', keys, signingAlgorithm })).toString('pem');
}

const rsa = (bits: number) => [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, { name: 'RSASSA-PKCS1-v1_5' }] as const;

describe('pki', () => {
  it('names serials the same way when issuing and when checking a peer', async () => {
    const ca = await CertificateAuthority.load(await createCertificateAuthority());
    const { csrPem } = await createCsr('lb-1');
    for (let i = 0; i < 20; i += 1) {
      const issued = await ca.signCsr(csrPem, { name: 'lb-1', role: 'agent' });
      const check = checkPeerCertificate(new X509Certificate(issued.certPem).raw, ca.certPem);
      expect(check.ok && check.identity.serial).toBe(issued.serial);
    }
  });

  it('signs a CSR with the given host as identity, whatever the CSR subject says', async () => {
    const ca = await CertificateAuthority.load(await createCertificateAuthority());
    const { csrPem } = await createCsr('lb-1.eu');
    const issued = await ca.signCsr(csrPem, { name: 'lb-2.eu', role: 'agent' });
    const cert = new X509Certificate(issued.certPem);
    expect(cert.subject).toContain('CN=lb-2.eu');
    expect(cert.subjectAltName).toBe('DNS:lb-2.eu');
    const check = checkPeerCertificate(cert.raw, ca.certPem);
    expect(check).toEqual({ ok: true, identity: { name: 'lb-2.eu', role: 'agent', serial: issued.serial } });
  });

  it('refuses a certificate from another CA, and a CSR that is not one', async () => {
    const ours = await CertificateAuthority.load(await createCertificateAuthority());
    const theirs = await CertificateAuthority.load(await createCertificateAuthority());
    const { csrPem } = await createCsr('lb-1');
    const foreign = await theirs.signCsr(csrPem, { name: 'lb-1', role: 'agent' });
    expect(checkPeerCertificate(new X509Certificate(foreign.certPem).raw, ours.certPem)).toEqual({ ok: false, reason: 'certificate not issued by this CA' });
    expect(checkPeerCertificate(undefined, ours.certPem)).toEqual({ ok: false, reason: 'no client certificate issued by this CA' });
    await expect(ours.signCsr('garbage', { name: 'lb-1', role: 'agent' })).rejects.toThrow(InvalidCsrError);
  });

  it('refuses host names that could smuggle text into a distinguished name', async () => {
    const ca = await CertificateAuthority.load(await createCertificateAuthority());
    const { csrPem } = await createCsr('lb-1');
    for (const name of ['lb-1,OU=hitless-server', 'LB-1', '', 'a'.repeat(254), 'lb 1']) {
      await expect(ca.signCsr(csrPem, { name, role: 'agent' })).rejects.toThrow(InvalidHostNameError);
    }
  });

  it('signs requests for P-256 and RSA >= 2048 keys and refuses every other key with the reason', async () => {
    const ca = await CertificateAuthority.load(await createCertificateAuthority());
    const [rsa2048, rsa2048Signing] = rsa(2048);
    const accepted = await ca.signCsr(await csrWithKey(rsa2048, rsa2048Signing), { name: 'lb-1', role: 'agent' });
    expect(new X509Certificate(accepted.certPem).publicKey.asymmetricKeyType).toBe('rsa');
    const refused: [string, KeyAlgorithm, Record<string, unknown>, RegExp][] = [
      ['P-384', { name: 'ECDSA', namedCurve: 'P-384' }, { name: 'ECDSA', hash: 'SHA-384' }, /ECDSA on secp384r1/],
      ['P-521', { name: 'ECDSA', namedCurve: 'P-521' }, { name: 'ECDSA', hash: 'SHA-512' }, /ECDSA on secp521r1/],
      ['Ed25519', { name: 'Ed25519' }, { name: 'Ed25519' }, /key is ed25519/],
      ['RSA-1024', ...rsa(1024), /RSA of 1024 bits/],
    ];
    for (const [, algorithm, signing, reason] of refused) {
      const csrPem = await csrWithKey(algorithm, signing);
      await expect(ca.signCsr(csrPem, { name: 'lb-1', role: 'agent' })).rejects.toThrow(InvalidCsrError);
      await expect(ca.signCsr(csrPem, { name: 'lb-1', role: 'agent' })).rejects.toThrow(reason);
      await expect(ca.signCsr(csrPem, { name: 'lb-1', role: 'agent' })).rejects.toThrow(/use ECDSA P-256 or RSA of 2048 to 8192 bits/);
    }
  });
});
