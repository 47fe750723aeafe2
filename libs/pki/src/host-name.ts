// A host name becomes a certificate's identity and a database key, so only
// plain lowercase DNS names are accepted: nothing that could change the meaning
// of a distinguished name or a SAN.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export class InvalidHostNameError extends Error {
  constructor(readonly hostName: string) {
    super(`'${hostName.slice(0, 80)}' is not a valid host name (lowercase DNS labels, at most 253 characters)`);
    this.name = 'InvalidHostNameError';
  }
}

export function isValidHostName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name.length <= 253 && HOST_NAME.test(name);
}

export function assertHostName(name: string): string {
  if (!isValidHostName(name)) throw new InvalidHostNameError(String(name));
  return name;
}
