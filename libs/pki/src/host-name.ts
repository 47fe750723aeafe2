// A host name becomes a certificate's identity and a database key, so only
// plain lowercase DNS names are accepted: nothing that could change the meaning
// of a distinguished name or a SAN. The rule is the API contract's, so the API,
// its clients and enrolment refuse the same names.
import { isValidHostName } from '@hitless/api-contract';

export { isValidHostName };

export class InvalidHostNameError extends Error {
  constructor(readonly hostName: string) {
    super(`'${hostName.slice(0, 80)}' is not a valid host name (lowercase DNS labels, at most 253 characters)`);
    this.name = 'InvalidHostNameError';
  }
}

export function assertHostName(name: string): string {
  if (!isValidHostName(name)) throw new InvalidHostNameError(String(name));
  return name;
}
