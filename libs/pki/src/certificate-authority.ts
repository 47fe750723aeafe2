// The server's certificate authority: creates itself once, then signs per-host
// certificates whose identity comes from the caller (the join token's host), never
// from what the CSR claims.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { ROLE_UNIT, type CertificateRole } from './certificate-role';
import { assertHostName } from './host-name';
import { exportPrivateKeyPem, generateKeyPair, importPrivateKeyPem, SIGNING_ALGORITHM } from './key-pair';
import { keyPolicyProblem } from './key-policy';
import type { webcrypto } from 'node:crypto';
import { x509 } from './x509';

type CryptoKey = webcrypto.CryptoKey;

export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  /** The identity: CN and the DNS SAN. */
  name: string;
  role: CertificateRole;
  /** Extra SANs (DNS names or IP addresses) a client may dial. */
  altNames?: string[];
  validDays?: number;
}

export interface IssuedCertificate {
  certPem: string;
  serial: string;
  notAfter: Date;
}

export class InvalidCsrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCsrError';
  }
}

const DAY_MS = 86_400_000;

function serialNumber(): string {
  // 127 random bits, top bit clear (DER would read it as negative) and the next one set,
  // so that the hex has no leading zero and reads the same wherever it is printed.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x3f) | 0x40;
  return bytes.toString('hex');
}

export async function createCertificateAuthority(commonName = 'Hitless CA', validDays = 3650): Promise<CaMaterial> {
  const keys = await generateKeyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [commonName] }],
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + validDays * DAY_MS),
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

export class CertificateAuthority {
  private constructor(
    private readonly cert: x509.X509Certificate,
    private readonly key: CryptoKey,
    readonly certPem: string,
  ) {}

  static async load(material: CaMaterial): Promise<CertificateAuthority> {
    const cert = new x509.X509Certificate(material.certPem);
    return new CertificateAuthority(cert, await importPrivateKeyPem(material.keyPem), cert.toString('pem'));
  }

  /** Signs a CSR after checking its key type and proof of possession; the subject is ours, not the CSR's. */
  async signCsr(csrPem: string, options: IssueOptions): Promise<IssuedCertificate> {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch (error) {
      throw new InvalidCsrError(`not a PEM PKCS#10 request: ${(error as Error).message}`);
    }
    // Before the signature check: a refused key costs no verification.
    const keyProblem = keyPolicyProblem(csr.publicKey.rawData);
    if (keyProblem) throw new InvalidCsrError(keyProblem);
    if (!(await csr.verify())) throw new InvalidCsrError('the request is not signed by its own key');
    return this.issue(csr.publicKey, options);
  }

  /** Issues a certificate for a key this process made itself (the server's own). */
  async issueForKey(publicKey: CryptoKey, options: IssueOptions): Promise<IssuedCertificate> {
    return this.issue(await x509.PublicKey.create(publicKey), options);
  }

  private async issue(publicKey: x509.PublicKey, options: IssueOptions): Promise<IssuedCertificate> {
    assertHostName(options.name);
    const now = Date.now();
    const notAfter = new Date(now + (options.validDays ?? 365) * DAY_MS);
    const serial = serialNumber();
    const altNames: x509.JsonGeneralName[] = [{ type: 'dns', value: options.name }];
    for (const alt of options.altNames ?? []) {
      altNames.push(isIP(alt) ? { type: 'ip', value: alt } : { type: 'dns', value: assertHostName(alt) });
    }
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject: [{ CN: [options.name] }, { OU: [ROLE_UNIT[options.role]] }],
      issuer: this.cert.subjectName,
      notBefore: new Date(now - 60_000),
      notAfter,
      publicKey,
      signingKey: this.key,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
        // Both: an agent dials the server and also serves the server's calls.
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension(altNames),
        await x509.AuthorityKeyIdentifierExtension.create(this.cert),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
      ],
    });
    return { certPem: cert.toString('pem'), serial, notAfter };
  }
}
