// /api/v1/api-tokens: admins create, list and revoke API tokens.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { AuditRepository } from '../audit/audit.repository';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { actorOf, auditActor, ROLES, type Principal } from '../auth/roles';
import type { Sql } from '../database/sql-client';
import type { Clock } from '../clock/clock';
import { BadInputError, NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { CLOCK, SQL } from '../http/tokens';
import { ApiTokensRepository, type ApiTokenRecord } from './api-tokens.repository';

export const idSchema = z.string().uuid();

export const createSchema = z
  .object({
    /** Unique among all tokens ever made, revoked ones too, so the name in an audit line stays one token's. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_", "-"; at most 63'),
    role: z.enum(ROLES),
    /** When the token stops working (ISO 8601 with a zone); absent: it works until revoked. */
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

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
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<{ token: string; apiToken: ApiTokenRecord }> {
    const input = parseInput(createSchema, body);
    const expiresAt = expiryOf(input.expiresAt, this.clock.now());
    return this.sql.begin(async (tx) => {
      const { token, record } = await this.tokens.create(tx, input.name, input.role, actorOf(principal), expiresAt);
      const details = { name: input.name, role: input.role, expiresAt: expiresAt?.toISOString() ?? null };
      await this.audit.record(tx, { ...auditActor(principal), action: 'api-token.create', target: record.id, details });
      return { token, apiToken: record };
    });
  }

  @Get()
  async list(): Promise<{ items: ApiTokenRecord[] }> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    const parsedId = parseInput(idSchema, id, 'id');
    await this.sql.begin(async (tx) => {
      if (!(await this.tokens.revoke(tx, parsedId))) throw new NotFoundError(`live API token '${parsedId}'`);
      await this.audit.record(tx, { ...auditActor(principal), action: 'api-token.revoke', target: parsedId });
    });
  }
}
