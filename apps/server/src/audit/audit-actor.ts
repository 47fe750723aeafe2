// Who acted, as an audit line names them: an API token (by name and id), or the
// server itself (`cli` for hitless-server's own commands, `scheduler:<replica>`).
import type { AuditEntry } from './audit.repository';

export type AuditActor = Pick<AuditEntry, 'actor' | 'actorTokenId'>;

/** hitless-server's own subcommands, run by whoever holds the server's config. */
export const SERVER_CLI: AuditActor = { actor: 'cli', actorTokenId: null };
