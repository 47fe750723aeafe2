// Certificates for Hitless: the server's CA, the agent's CSR, and the check of
// who a TLS peer is.
export { CertificateAuthority, createCertificateAuthority, InvalidCsrError } from './certificate-authority';
export type { CaMaterial, IssueOptions, IssuedCertificate } from './certificate-authority';
export { CERTIFICATE_ROLES } from './certificate-role';
export type { CertificateRole } from './certificate-role';
export { createCsr } from './csr';
export type { CsrWithKey } from './csr';
export { assertHostName, InvalidHostNameError, isValidHostName } from './host-name';
export { exportPrivateKeyPem, generateKeyPair } from './key-pair';
export { checkPeerCertificate } from './peer-identity';
export type { PeerCheck, PeerIdentity } from './peer-identity';
