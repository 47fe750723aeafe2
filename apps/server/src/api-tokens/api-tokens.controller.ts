// /api/v1/api-tokens: admins create, list and revoke API tokens.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { apiTokenIdSchema, createApiTokenBodySchema, type Served } from '@hitless/api-contract';
import { AuditRepository } from '../audit/audit.repository';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { actorOf, auditActor, type Principal } from '../auth/roles';
import type { Sql } from '../database/sql-client';
import type { Clock } from '../clock/clock';
import { BadInputError, NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { CLOCK, SQL } from '../http/tokens';
import { ApiTokensRepository } from './api-tokens.repository';

/** A token that expires later than this is a token that does not expire; say so instead. */
const MAX_LIFETIME_DAYS = 3650;

function expiryOf(expiresAt: string | undefined, now: Date): Date | undefined {
  if (expiresAt === undefined) return undefined;
  const at = new Date(expiresAt);
  if (at.getTime() <= now.getTime()) throw new BadInputError([{ field: 'expiresAt', message: `must be in the future (it is ${now.toISOString()} now)` }]);
  if (at.getTime() - now.getTime() > MAX_LIFETIME_DAYS * 86_400_000) {
    throw new BadInputError([{ field: 'expiresAt', message: `must be within ${MAX_LIFETIME_DAYS} days; leave it out for a token that lasts until revoked` }]);
  }
  return at;
}

@Controller('api-tokens')
@RequireRole('admin')
export class ApiTokensController {
  constructor(
    @Inject(ApiTokensRepository) private readonly tokens: ApiTokensRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Served<'createApiToken'>> {
    const input = parseInput(createApiTokenBodySchema, body);
    const expiresAt = expiryOf(input.expiresAt, this.clock.now());
    return this.sql.begin(async (tx) => {
      const { token, record } = await this.tokens.create(tx, input.name, input.role, actorOf(principal), expiresAt);
      const details = { name: input.name, role: input.role, expiresAt: expiresAt?.toISOString() ?? null };
      await this.audit.record(tx, { ...auditActor(principal), action: 'api-token.create', target: record.id, details });
      return { token, apiToken: record };
    });
  }

  @Get()
  async list(): Promise<Served<'listApiTokens'>> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Served<'revokeApiToken'>> {
    const parsedId = parseInput(apiTokenIdSchema, id, 'id');
    await this.sql.begin(async (tx) => {
      if (!(await this.tokens.revoke(tx, parsedId))) throw new NotFoundError(`live API token '${parsedId}'`);
      await this.audit.record(tx, { ...auditActor(principal), action: 'api-token.revoke', target: parsedId });
    });
  }
}
