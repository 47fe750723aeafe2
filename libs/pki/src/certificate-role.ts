// Which side a certificate belongs to, carried in the subject's OU. The CA sets
// it itself, so an agent can never hold a certificate that passes as the server.
export const CERTIFICATE_ROLES = ['agent', 'server'] as const;
export type CertificateRole = (typeof CERTIFICATE_ROLES)[number];

export const ROLE_UNIT: Record<CertificateRole, string> = { agent: 'hitless-agent', server: 'hitless-server' };
