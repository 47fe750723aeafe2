// /api/v1/api-tokens: admins create, list and revoke API tokens.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { AuditRepository } from '../audit/audit.repository';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { actorOf, ROLES, type Principal } from '../auth/roles';
import type { Sql } from '../database/sql-client';
import { NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { SQL } from '../http/tokens';
import { ApiTokensRepository, type ApiTokenRecord } from './api-tokens.repository';

export const idSchema = z.string().uuid();

export const createSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_", "-"; at most 63'),
    role: z.enum(ROLES),
  })
  .strict();

@Controller('api-tokens')
@RequireRole('admin')
export class ApiTokensController {
  constructor(
    @Inject(ApiTokensRepository) private readonly tokens: ApiTokensRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<{ token: string; apiToken: ApiTokenRecord }> {
    const input = parseInput(createSchema, body);
    return this.sql.begin(async (tx) => {
      const { token, record } = await this.tokens.create(tx, input.name, input.role, actorOf(principal));
      await this.audit.record(tx, { actor: actorOf(principal), action: 'api-token.create', target: record.id, details: { name: input.name, role: input.role } });
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
      await this.audit.record(tx, { actor: actorOf(principal), action: 'api-token.revoke', target: parsedId });
    });
  }
}
