import { X509Certificate } from 'node:crypto';
import { CertificateAuthority, checkPeerCertificate, createCertificateAuthority, createCsr, InvalidCsrError, InvalidHostNameError } from './index';

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
});
