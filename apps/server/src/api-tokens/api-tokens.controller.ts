// /api/v1/api-tokens: admins create, list and revoke API tokens.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { apiTokenIdSchema, createApiTokenBodySchema, type Served } from '@hitless/api-contract';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { auditActor, type Principal } from '../auth/roles';
import type { Clock } from '../clock/clock';
import { BadInputError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { CLOCK } from '../http/tokens';
import { ApiTokensService } from './api-tokens.service';

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
    @Inject(ApiTokensService) private readonly tokens: ApiTokensService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Served<'createApiToken'>> {
    const input = parseInput(createApiTokenBodySchema, body);
    const expiresAt = expiryOf(input.expiresAt, this.clock.now());
    const { token, record } = await this.tokens.create({ name: input.name, role: input.role, expiresAt }, auditActor(principal));
    return { token, apiToken: record };
  }

  @Get()
  async list(): Promise<Served<'listApiTokens'>> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Served<'revokeApiToken'>> {
    await this.tokens.revoke(parseInput(apiTokenIdSchema, id, 'id'), auditActor(principal));
  }
}
