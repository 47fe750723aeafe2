// The agent's certificate on disk: enrolled once with a join token, then reused
// on every start. The private key is made here, written 0600, and never sent.
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@hitless/log';
import { checkPeerCertificate, createCsr } from '@hitless/pki';
import { readIfExists, writeDurable } from '@hitless/reload';
import { GatewayClient, type ClientIdentity, type GatewayTarget } from '../gateway/gateway-client';

export interface AgentIdentity extends ClientIdentity {
  /** The CA the server's certificate chains to, as the server handed it out at enrollment. */
  caCertPem: string;
}

export class EnrollmentNeededError extends Error {
  constructor(hostName: string) {
    super(`no certificate for '${hostName}' yet and no join token configured (joinToken or HITLESS_JOIN_TOKEN)`);
    this.name = 'EnrollmentNeededError';
  }
}

function paths(stateDir: string) {
  const dir = join(stateDir, 'tls');
  return { dir, key: join(dir, 'agent.key'), cert: join(dir, 'agent.crt'), ca: join(dir, 'ca.crt') };
}

export async function loadIdentity(stateDir: string): Promise<AgentIdentity | undefined> {
  const p = paths(stateDir);
  const [keyPem, certPem, caCertPem] = await Promise.all([readIfExists(p.key), readIfExists(p.cert), readIfExists(p.ca)]);
  return keyPem && certPem && caCertPem ? { keyPem, certPem, caCertPem } : undefined;
}

export interface EnrollOptions {
  hostName: string;
  stateDir: string;
  joinToken?: string;
  server: Omit<GatewayTarget, 'caCertPem'> & { caFile: string };
  log: Logger;
}

export async function ensureEnrolled(options: EnrollOptions): Promise<AgentIdentity> {
  const existing = await loadIdentity(options.stateDir);
  if (existing) {
    // A renamed host with the old certificate would be refused on every call; say why at start.
    const check = checkPeerCertificate(new X509Certificate(existing.certPem).raw, existing.caCertPem);
    if (!check.ok) throw new Error(`the certificate in ${paths(options.stateDir).cert} is unusable: ${check.reason}`);
    if (check.identity.name !== options.hostName) {
      throw new Error(`the certificate in ${paths(options.stateDir).cert} is for '${check.identity.name}', not '${options.hostName}'; remove ${paths(options.stateDir).dir} and enrol again`);
    }
    return existing;
  }
  if (!options.joinToken) throw new EnrollmentNeededError(options.hostName);
  const caCertPem = await readFile(options.server.caFile, 'utf8');
  const { csrPem, keyPem } = await createCsr(options.hostName);
  const client = new GatewayClient({ ...options.server, caCertPem });
  try {
    const response = await client.enroll({ hostName: options.hostName, joinToken: options.joinToken, csrPem });
    const p = paths(options.stateDir);
    await mkdir(p.dir, { recursive: true, mode: 0o700 });
    await writeDurable(p.key, keyPem, 0o600);
    await writeDurable(p.ca, response.caCertificatePem, 0o644);
    // Written last: its presence means enrollment finished.
    await writeDurable(p.cert, response.certificatePem, 0o644);
    options.log.info({ hostName: options.hostName }, 'enrolled');
    return { keyPem, certPem: response.certificatePem, caCertPem: response.caCertificatePem };
  } finally {
    client.close();
  }
}
