// A host name becomes a certificate's identity and a database key, so only
// plain lowercase DNS names are accepted: nothing that could change the meaning
// of a distinguished name or a SAN. The one rule: enrolment (@hitless/pki) and
// every API path, query and cursor that names a host use it.
import { z } from 'zod';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export function isValidHostName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name.length <= 253 && HOST_NAME.test(name);
}

export const hostNameSchema = z.string().refine(isValidHostName, 'is not a host name').describe('a host name: lowercase DNS labels, at most 253 characters');
