// /api/v1/rollouts: create (with an Idempotency-Key header), list, detail,
// pause, resume, abort. A dry run is a rollout whose spec says dryRun: true.
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createRolloutBodySchema, hostNameSchema, idempotencyKeySchema, listRolloutsQuerySchema, rolloutIdSchema, type Served } from '@hitless/api-contract';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import type { Principal } from '../auth/roles';
import { parseInput } from '../errors/zod-problems';
import { pageOf } from '../http/pagination';
import { RolloutsService } from './rollouts.service';

@Controller('rollouts')
export class RolloutsController {
  constructor(@Inject(RolloutsService) private readonly rollouts: RolloutsService) {}

  @Post()
  @RequireRole('operator')
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Served<'createRollout'>> {
    const input = parseInput(createRolloutBodySchema, body);
    const idempotencyKey = parseInput(idempotencyKeySchema, key, 'Idempotency-Key');
    const { rollout, created } = await this.rollouts.create({ ...input, idempotencyKey }, principal);
    response.status(created ? 201 : 200);
    return rollout;
  }

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Served<'listRollouts'>> {
    const q = parseInput(listRolloutsQuerySchema, query, 'query');
    const rows = await this.rollouts.list({ state: q.state, before: q.cursor && { createdAt: q.cursor[0], id: q.cursor[1] }, limit: q.limit + 1 });
    return pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
  }

  @Get(':id')
  @RequireRole('viewer')
  detail(@Param('id') id: string): Promise<Served<'getRollout'>> {
    return this.rollouts.detail(parseInput(rolloutIdSchema, id, 'id'));
  }

  @Get(':id/steps/:host')
  @RequireRole('viewer')
  step(@Param('id') id: string, @Param('host') host: string, @CurrentPrincipal() principal: Principal): Promise<Served<'getRolloutStep'>> {
    return this.rollouts.step(parseInput(rolloutIdSchema, id, 'id'), parseInput(hostNameSchema, host, 'host'), principal.role);
  }

  @Post(':id/pause')
  @RequireRole('operator')
  @HttpCode(200)
  pause(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Served<'pauseRollout'>> {
    return this.rollouts.pause(parseInput(rolloutIdSchema, id, 'id'), principal);
  }

  @Post(':id/resume')
  @RequireRole('operator')
  @HttpCode(200)
  resume(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Served<'resumeRollout'>> {
    return this.rollouts.resume(parseInput(rolloutIdSchema, id, 'id'), principal);
  }

  @Post(':id/abort')
  @RequireRole('operator')
  @HttpCode(200)
  abort(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Served<'abortRollout'>> {
    return this.rollouts.abort(parseInput(rolloutIdSchema, id, 'id'), principal);
  }
}
