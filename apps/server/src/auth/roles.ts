// API roles, each including the ones below it.
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** The caller of one request, as the auth guard established it. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

/** How the audit log names a caller. */
export function actorOf(principal: Principal): string {
  return `token:${principal.name}`;
}
