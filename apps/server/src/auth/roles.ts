// API roles (the contract's: each includes the ones below it) and the caller of one request.
import { ROLES, roleAllows, type Role } from '@hitless/api-contract';

export { ROLES, roleAllows };
export type { Role };

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
