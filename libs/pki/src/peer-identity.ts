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

interface Checked {
  identity: PeerIdentity;
  validFrom: Date;
  validTo: Date;
}

// Parsing and verifying a certificate was the largest part of the server's CPU
// time per agent call (every heartbeat and report checks its caller). What a
// certificate says and who signed it never change, so a check that passed is
// remembered per (CA, certificate); its validity period is still checked on
// every call. Bounded: the oldest entries go first.
const MAX_REMEMBERED = 20_000;
const checked = new Map<string, Checked>();
const authorities = new Map<string, X509Certificate>();

function authority(caCertPem: string): X509Certificate {
  let ca = authorities.get(caCertPem);
  if (!ca) {
    ca = new X509Certificate(caCertPem);
    if (authorities.size >= 16) authorities.clear();
    authorities.set(caCertPem, ca);
  }
  return ca;
}

function remember(key: string, value: Checked): void {
  if (checked.size >= MAX_REMEMBERED) checked.delete(checked.keys().next().value as string);
  checked.set(key, value);
}

function withinValidity(entry: Checked, now: Date): PeerCheck {
  if (now < entry.validFrom || now > entry.validTo) return { ok: false, reason: 'certificate expired or not yet valid' };
  return { ok: true, identity: entry.identity };
}

/** `der` is the raw certificate the peer presented (tls.PeerCertificate.raw). */
export function checkPeerCertificate(der: Buffer | undefined, caCertPem: string, now: Date = new Date()): PeerCheck {
  if (!der || der.length === 0) return { ok: false, reason: 'no client certificate issued by this CA' };
  const key = `${caCertPem}\n${der.toString('base64')}`;
  const known = checked.get(key);
  if (known) return withinValidity(known, now);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (error) {
    return { ok: false, reason: `unreadable certificate: ${(error as Error).message}` };
  }
  const ca = authority(caCertPem);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { ok: false, reason: 'certificate not issued by this CA' };
  const names = subjectField(cert.subject, 'CN');
  const units = subjectField(cert.subject, 'OU');
  const roles = CERTIFICATE_ROLES.filter((role) => units.includes(ROLE_UNIT[role]));
  const validity = { validFrom: new Date(cert.validFrom), validTo: new Date(cert.validTo) };
  if (now < validity.validFrom || now > validity.validTo) return { ok: false, reason: 'certificate expired or not yet valid' };
  if (names.length !== 1 || roles.length !== 1) return { ok: false, reason: 'certificate has no single name and role' };
  const entry: Checked = { identity: { name: names[0], role: roles[0], serial: cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, '') }, ...validity };
  remember(key, entry);
  return withinValidity(entry, now);
}
