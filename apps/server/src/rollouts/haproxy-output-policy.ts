// Who may read what HAProxy itself printed on a host. An agent's result keeps
// HAProxy's own words (`haproxy -c`, a failed start's log) in validationOutput
// only; they can quote the config and any file HAProxy read while parsing it,
// so they go to operators and admins. A viewer still sees that and why a
// reload failed: the outcome and the agent's error, which are our own words.
import { roleAllows, type Role } from '../auth/roles';

export const HAPROXY_OUTPUT_ROLE: Role = 'operator';

const FIELD = 'validationOutput';

export function mayReadHaproxyOutput(role: Role): boolean {
  return roleAllows(role, HAPROXY_OUTPUT_ROLE);
}

/** The result without HAProxy's output, and whether there was any to leave out. */
export function withoutHaproxyOutput<T extends object>(result: T | null): { result: T | null; hidden: boolean } {
  if (result === null || typeof result !== 'object' || Array.isArray(result) || !(FIELD in result)) return { result, hidden: false };
  const { [FIELD]: output, ...rest } = result as Record<string, unknown>;
  return { result: rest as T, hidden: typeof output === 'string' ? output.length > 0 : output !== undefined && output !== null };
}
