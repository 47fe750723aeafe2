// The keys a certificate request may carry: ECDSA P-256, which our agents make,
// or RSA of 2048 to 8192 bits for hosts whose tooling makes only RSA. Nothing
// weaker, and nothing our peers' TLS stacks or HSMs might not all accept
// (P-384, P-521, Ed25519); the upper RSA bound keeps one request's checks cheap.
import { createPublicKey } from 'node:crypto';

export const ACCEPTED_KEYS = 'ECDSA P-256 or RSA of 2048 to 8192 bits';

const RSA_MIN_BITS = 2048;
const RSA_MAX_BITS = 8192;

/** Why a SubjectPublicKeyInfo (DER) is refused, or undefined when it is acceptable. */
export function keyPolicyProblem(spkiDer: ArrayBuffer | Uint8Array): string | undefined {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(spkiDer instanceof Uint8Array ? spkiDer : new Uint8Array(spkiDer)), format: 'der', type: 'spki' });
  } catch (error) {
    return `the request's public key cannot be read (${(error as Error).message})`;
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    if (details.namedCurve === 'prime256v1') return undefined;
    return `the request's key is ECDSA on ${details.namedCurve ?? 'an unnamed curve'}; use ${ACCEPTED_KEYS}`;
  }
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits >= RSA_MIN_BITS && bits <= RSA_MAX_BITS) return undefined;
    return `the request's key is RSA of ${bits} bits; use ${ACCEPTED_KEYS}`;
  }
  return `the request's key is ${type ?? 'of an unknown type'}; use ${ACCEPTED_KEYS}`;
}
