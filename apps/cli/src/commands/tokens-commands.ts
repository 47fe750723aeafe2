// `hitless tokens ...` and `hitless join-token create` (admin only on the server).
import type { Command } from '../cli-args';
import type { ApiToken, Role } from '@hitless/api-contract';
import { UsageError } from '../cli-errors';
import { emit, type CliContext } from '../cli-context';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatTable } from '../format-table';
import { serverChecked } from '../server-checked';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

export async function tokensList(ctx: CliContext): Promise<ExitCode> {
  const { items } = await ctx.api.call('listApiTokens', {});
  const now = ctx.now().getTime();
  const status = (t: ApiToken) =>
    t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt && Date.parse(t.expiresAt) <= now ? `expired ${t.expiresAt}` : t.expiresAt ? `live until ${t.expiresAt}` : 'live';
  // Last use is written at most once a minute.
  const rows = items.map((t) => [t.id, t.name, t.role, status(t), t.lastUsedAt ?? 'never']);
  emit(ctx, { items }, formatTable(['ID', 'NAME', 'ROLE', 'STATUS', 'LAST USED'], rows));
  return EXIT.ok;
}

export async function tokensCreate(ctx: CliContext, command: Of<'tokens-create'>): Promise<ExitCode> {
  const body = { name: command.name, role: serverChecked<Role>(command.role)!, ...(command.expiresAt ? { expiresAt: command.expiresAt } : {}) };
  const created = await ctx.api.call('createApiToken', { body });
  // The secret is shown once; the text form puts it alone on stdout so `$(hitless tokens create ...)` captures just it.
  ctx.stderr.write(`created ${created.apiToken.role} token ${created.apiToken.id} '${created.apiToken.name}'; it is shown only now:\n`);
  emit(ctx, created, created.token);
  return EXIT.ok;
}

export async function tokensRevoke(ctx: CliContext, command: Of<'tokens-revoke'>): Promise<ExitCode> {
  await ctx.api.call('revokeApiToken', { params: { id: command.id } });
  emit(ctx, { id: command.id, revoked: true }, `revoked token ${command.id}`);
  return EXIT.ok;
}

export async function joinTokenCreate(ctx: CliContext, command: Of<'join-token-create'>): Promise<ExitCode> {
  if (command.ttl !== undefined && !/^\d+$/.test(command.ttl)) throw new UsageError(`--ttl takes whole minutes, got '${command.ttl}'`);
  const issued = await ctx.api.call('createJoinToken', {
    body: { hostName: command.host, ...(command.ttl !== undefined && { ttlMinutes: Number(command.ttl) }) },
  });
  ctx.stderr.write(`join token for ${issued.hostName}, single use, expires ${issued.expiresAt}:\n`);
  emit(ctx, issued, issued.token);
  return EXIT.ok;
}
