// POST /api/v1/join-tokens: a single-use token an agent enrols with.
import { Body, Controller, Inject, Post } from '@nestjs/common';
import { createJoinTokenBodySchema, type Served } from '@hitless/api-contract';
import { InvalidHostNameError } from '@hitless/pki';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { auditActor, type Principal } from '../auth/roles';
import { BadInputError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { JoinTokensService } from './join-tokens.service';

@Controller('join-tokens')
export class JoinTokensController {
  constructor(@Inject(JoinTokensService) private readonly tokens: JoinTokensService) {}

  @Post()
  @RequireRole('admin')
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Served<'createJoinToken'>> {
    const input = parseInput(createJoinTokenBodySchema, body);
    try {
      const issued = await this.tokens.issue(input.hostName, input.ttlMinutes * 60_000, auditActor(principal));
      return { hostName: issued.hostName, token: issued.token, expiresAt: issued.expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof InvalidHostNameError) throw new BadInputError([{ field: 'hostName', message: error.message }]);
      throw error;
    }
  }
}
