// POST /api/v1/join-tokens: a single-use token an agent enrols with.
import { Body, Controller, Inject, Post } from '@nestjs/common';
import { createJoinTokenBodySchema, type Served } from '@hitless/api-contract';
import { assertHostName } from '@hitless/pki';
import { AuditRepository } from '../audit/audit.repository';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { auditActor, type Principal } from '../auth/roles';
import { BadInputError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import type { Sql } from '../database/sql-client';
import { SQL } from '../http/tokens';
import { JoinTokensRepository } from './join-tokens.repository';

@Controller('join-tokens')
export class JoinTokensController {
  constructor(
    @Inject(JoinTokensRepository) private readonly tokens: JoinTokensRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Post()
  @RequireRole('admin')
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Served<'createJoinToken'>> {
    const input = parseInput(createJoinTokenBodySchema, body);
    let hostName: string;
    try {
      hostName = assertHostName(input.hostName);
    } catch (error) {
      throw new BadInputError([{ field: 'hostName', message: (error as Error).message }]);
    }
    const issued = await this.tokens.issue(hostName, input.ttlMinutes * 60_000);
    await this.audit.record(this.sql, { ...auditActor(principal), action: 'join-token.create', target: hostName, details: { expiresAt: issued.expiresAt.toISOString() } });
    return { hostName, token: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }
}
