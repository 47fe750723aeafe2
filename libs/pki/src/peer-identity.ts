// Who is on the other end of a TLS connection, decided from the certificate it
// presented: issued by our CA, within its validity, with a known role.
import { X509Certificate } from 'node:crypto';
import { CERTIFICATE_ROLES, ROLE_UNIT, type CertificateRole } from './certificate-role';

export interface PeerIdentity {
  name: string;
  role: CertificateRole;
  serial: string;
}

export type PeerCheck = { ok: true; identity: PeerIdentity } | { ok: false; reason: string };

function subjectField(subject: string, key: string): string[] {
  return subject
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

/** `der` is the raw certificate the peer presented (tls.PeerCertificate.raw). */
export function checkPeerCertificate(der: Buffer | undefined, caCertPem: string, now: Date = new Date()): PeerCheck {
  if (!der || der.length === 0) return { ok: false, reason: 'no client certificate issued by this CA' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (error) {
    return { ok: false, reason: `unreadable certificate: ${(error as Error).message}` };
  }
  const ca = new X509Certificate(caCertPem);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { ok: false, reason: 'certificate not issued by this CA' };
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return { ok: false, reason: 'certificate expired or not yet valid' };
  const names = subjectField(cert.subject, 'CN');
  const units = subjectField(cert.subject, 'OU');
  const roles = CERTIFICATE_ROLES.filter((role) => units.includes(ROLE_UNIT[role]));
  if (names.length !== 1 || roles.length !== 1) return { ok: false, reason: 'certificate has no single name and role' };
  return { ok: true, identity: { name: names[0], role: roles[0], serial: cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, '') } };
}
