// Enrollment: a valid join token for this host buys one certificate for it.
// Token use, certificate and host record commit together or not at all.
import { assertHostName, InvalidHostNameError, type CertificateAuthority } from '@hitless/pki';
import type { Transactions } from '../database/transactions';
import type { HostsRepository } from '../hosts/hosts.repository';
import type { JoinTokensRepository, TokenRefusal } from './join-tokens.repository';

export class EnrollmentRefusedError extends Error {
  constructor(readonly refusal: TokenRefusal) {
    super(
      {
        unknown: 'unknown join token',
        expired: 'join token expired',
        used: 'join token already used',
        'other-host': 'join token was issued for another host name',
      }[refusal],
    );
    this.name = 'EnrollmentRefusedError';
  }
}

export interface EnrolledCertificate {
  certPem: string;
  caCertPem: string;
}

export class EnrollmentService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tokens: JoinTokensRepository,
    private readonly hosts: HostsRepository,
    private readonly ca: CertificateAuthority,
    private readonly certValidDays: number,
    /** Names an agent may never hold: the server's own, which agents trust as the server. */
    private readonly reservedNames: readonly string[],
  ) {}

  async enroll(hostName: string, token: string, csrPem: string): Promise<EnrolledCertificate> {
    assertHostName(hostName);
    if (this.reservedNames.includes(hostName)) throw new InvalidHostNameError(hostName);
    return this.transactions.run(async (tx) => {
      const consumed = await this.tokens.consume(tx, token, hostName);
      if (!consumed.ok) throw new EnrollmentRefusedError(consumed.refusal);
      // A bad CSR throws here and rolls the token back: the agent may try again.
      const issued = await this.ca.signCsr(csrPem, { name: hostName, role: 'agent', validDays: this.certValidDays });
      await this.hosts.recordEnrollment(tx, hostName, issued.serial, issued.notAfter);
      return { certPem: issued.certPem, caCertPem: this.ca.certPem };
    });
  }
}
