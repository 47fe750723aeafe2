// Server TLS that asks every client for a certificate but lets one without
// through the handshake: an enrolling agent has none yet. grpc-js's createSsl
// can only require or not ask, so this uses its certificate-provider credentials.
// Whoever accepts a call must check the certificate itself (guarded-service does).
import { experimental, type ServerCredentials } from '@grpc/grpc-js';

class StaticCertificates implements experimental.CertificateProvider {
  constructor(
    private readonly ca: Buffer,
    private readonly identity: { certificate: Buffer; privateKey: Buffer },
  ) {}

  // Asynchronously, as grpc-js expects: it registers the server's watcher only after
  // adding this listener, and an update delivered before that would be lost.
  addCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    setImmediate(() => listener({ caCertificate: this.ca }));
  }

  removeCaCertificateListener(): void {}

  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    setImmediate(() => listener(this.identity));
  }

  removeIdentityCertificateListener(): void {}
}

export function optionalClientCertCredentials(caCertPem: string, certPem: string, keyPem: string): ServerCredentials {
  const provider = new StaticCertificates(Buffer.from(caCertPem), { certificate: Buffer.from(certPem), privateKey: Buffer.from(keyPem) });
  return experimental.createCertificateProviderServerCredentials(provider, provider, false);
}
