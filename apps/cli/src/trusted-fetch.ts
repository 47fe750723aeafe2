// fetch that trusts only the given CA for HTTPS (like curl --cacert): the
// server's own CA when it issued the API's certificate. undici is the client
// inside Node's own fetch; its Agent is the one way to hand that fetch a CA.
import { Agent, fetch as undiciFetch } from 'undici';

export type Fetch = typeof fetch;

export function fetchTrusting(caPem: string): Fetch {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  // undici's own fetch with its own Agent: the pair always matches, whatever fetch this Node version bundles.
  return ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => undiciFetch(input, { ...init, dispatcher })) as unknown as Fetch;
}

/** Node's codes for a server certificate this client does not trust: the fix is a CA file, not a retry. */
const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isUntrustedCertificate(code: string | undefined): boolean {
  return code !== undefined && UNTRUSTED_CODES.has(code);
}
