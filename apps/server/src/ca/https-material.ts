// The certificate and key the REST API serves HTTPS with: the operator's files,
// checked at start so that a wrong path, a key of another certificate or an
// expired certificate stops the server with a ConfigError instead of failing
// every client's handshake; or one our own CA issues for the server's names,
// kept in the state dir and issued again when the names change or it nears its end.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { exportPrivateKeyPem, generateKeyPair, isValidHostName } from '@hitless/pki';
import { ConfigError, type HttpTlsConfig } from '../config/server-config';
import { readIfExists, writeAtomic, type ServerTlsMaterial } from './ca-store';

export interface HttpsMaterial {
  certPem: string;
  keyPem: string;
  /** The CA certificate file clients pass (`hitless --ca-file`) when our own CA issued the certificate. */
  caFile?: string;
}

const DAY_MS = 86_400_000;
/** An issued certificate this close to its end is issued again at start. */
const RENEW_WITHIN_DAYS = 30;

async function readConfigured(key: 'certFile' | 'keyFile', path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`httpTls.${key}: cannot read ${path}: ${(error as Error).message}`]);
  }
}

function parsePem<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError([`${what}: ${(error as Error).message}`]);
  }
}

/** Every problem with an operator's certificate and key, as the ConfigError the server stops with. */
export function checkCertificateAndKey(certPem: string, keyPem: string, now: Date, where = { cert: 'httpTls.certFile', key: 'httpTls.keyFile' }): void {
  const cert = parsePem(`${where.cert} is not a PEM certificate`, () => new X509Certificate(certPem));
  const key: KeyObject = parsePem(`${where.key} is not a PEM private key (an encrypted key is not supported)`, () => createPrivateKey(keyPem));
  const problems: string[] = [];
  if (!cert.checkPrivateKey(key)) problems.push(`${where.key} is not the key of the certificate in ${where.cert}`);
  if (Date.parse(cert.validTo) <= now.getTime()) problems.push(`${where.cert}: the certificate expired on ${cert.validTo}`);
  if (Date.parse(cert.validFrom) > now.getTime()) problems.push(`${where.cert}: the certificate is valid only from ${cert.validFrom}`);
  if (problems.length > 0) throw new ConfigError(problems);
  // Whatever else TLS itself would refuse (a key too weak for OpenSSL's security level, say).
  parsePem(`${where.cert} and ${where.key} cannot serve TLS`, () => createSecureContext({ cert: certPem, key: keyPem }));
}

function sanNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean)
    .sort();
}

function stillGood(certPem: string, ca: X509Certificate, names: string[], now: Date): boolean {
  const cert = new X509Certificate(certPem);
  return (
    cert.checkIssued(ca) &&
    cert.verify(ca.publicKey) &&
    Date.parse(cert.validTo) - now.getTime() > RENEW_WITHIN_DAYS * DAY_MS &&
    JSON.stringify(sanNames(cert)) === JSON.stringify([...names].sort())
  );
}

async function issuedByOurCa(stateDir: string, tls: ServerTlsMaterial, names: string[], validDays: number, now: Date): Promise<HttpsMaterial> {
  const dir = join(stateDir, 'pki');
  const paths = { cert: join(dir, 'https.crt'), key: join(dir, 'https.key') };
  const caFile = join(dir, 'ca.crt');
  const invalid = names.filter((name) => !isIP(name) && !isValidHostName(name));
  if (invalid.length > 0) throw new ConfigError(invalid.map((name) => `httpTls: the certificate would name '${name}' (serverName, serverAltNames, httpTls.altNames), which is neither an IP address nor a lowercase DNS name`));
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.cert), readIfExists(paths.key)]);
  if (certPem && keyPem && stillGood(certPem, new X509Certificate(tls.caCertPem), names, now)) return { certPem, keyPem, caFile };
  const keys = await generateKeyPair();
  const [name, ...altNames] = names;
  const issued = await tls.ca.issueForKey(keys.publicKey, { name, role: 'server', altNames, validDays });
  const issuedKeyPem = await exportPrivateKeyPem(keys.privateKey);
  await writeAtomic(paths.key, issuedKeyPem, 0o600);
  await writeAtomic(paths.cert, issued.certPem, 0o644);
  return { certPem: issued.certPem, keyPem: issuedKeyPem, caFile };
}

export interface HttpsOptions {
  stateDir: string;
  /** The server's names: serverName first, then serverAltNames. */
  names: string[];
  validDays: number;
  now?: Date;
}

export async function loadHttpsMaterial(config: HttpTlsConfig, tls: ServerTlsMaterial, options: HttpsOptions): Promise<HttpsMaterial> {
  const now = options.now ?? new Date();
  if (config.source === 'files') {
    const [certPem, keyPem] = await Promise.all([readConfigured('certFile', config.certFile), readConfigured('keyFile', config.keyFile)]);
    checkCertificateAndKey(certPem, keyPem, now);
    return { certPem, keyPem };
  }
  const names = [...new Set([...options.names, ...config.altNames])];
  return issuedByOurCa(options.stateDir, tls, names, options.validDays, now);
}
