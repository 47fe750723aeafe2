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

/** How records name a caller (a rollout's createdBy, the audit log's actor). */
export function actorOf(principal: Principal): string {
  return `token:${principal.name}`;
}

/** The caller as an audit entry names it: by its token's name for people, and by its id. */
export function auditActor(principal: Principal): { actor: string; actorTokenId: string } {
  return { actor: actorOf(principal), actorTokenId: principal.tokenId };
}
