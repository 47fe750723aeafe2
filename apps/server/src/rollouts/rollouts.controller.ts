// /api/v1/rollouts: create (with an Idempotency-Key header), list, detail,
// pause, resume, abort. A dry run is a rollout whose spec says dryRun: true.
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isoInstantSchema } from '@hitless/rollout';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import type { Principal } from '../auth/roles';
import { parseInput } from '../errors/zod-problems';
import { hostNameSchema } from '../hosts/host-name-schema';
import { cursorSchema, limitSchema, pageOf, type Page } from '../http/pagination';
import { ROLLOUT_STATES, type RolloutRecord } from './rollout-records';
import { RolloutsService, type RolloutDetail, type StepDetail } from './rollouts.service';

export const createSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,126}$/, 'letters, digits, spaces, ".", "_", ":", "-"; at most 127; no newline'),
    spec: z.record(z.unknown()),
  })
  .strict();

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8-128 characters of A-Z a-z 0-9 . _ : -').optional();

export const idSchema = z.string().uuid();

export const listSchema = z
  .object({
    limit: limitSchema,
    // The last rollout's (created_at, id).
    cursor: cursorSchema(z.tuple([isoInstantSchema, idSchema])).optional(),
    state: z.enum(ROLLOUT_STATES).optional(),
  })
  .strict();

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
  ): Promise<RolloutRecord> {
    const input = parseInput(createSchema, body);
    const idempotencyKey = parseInput(idempotencyKeySchema, key, 'Idempotency-Key');
    const { rollout, created } = await this.rollouts.create({ ...input, idempotencyKey }, principal);
    response.status(created ? 201 : 200);
    return rollout;
  }

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Page<RolloutRecord>> {
    const q = parseInput(listSchema, query, 'query');
    const rows = await this.rollouts.list({ state: q.state, before: q.cursor && { createdAt: q.cursor[0], id: q.cursor[1] }, limit: q.limit + 1 });
    return pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
  }

  @Get(':id')
  @RequireRole('viewer')
  detail(@Param('id') id: string): Promise<RolloutDetail> {
    return this.rollouts.detail(parseInput(idSchema, id, 'id'));
  }

  @Get(':id/steps/:host')
  @RequireRole('viewer')
  step(@Param('id') id: string, @Param('host') host: string, @CurrentPrincipal() principal: Principal): Promise<StepDetail> {
    return this.rollouts.step(parseInput(idSchema, id, 'id'), parseInput(hostNameSchema, host, 'host'), principal.role);
  }

  @Post(':id/pause')
  @RequireRole('operator')
  @HttpCode(200)
  pause(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RolloutRecord> {
    return this.rollouts.pause(parseInput(idSchema, id, 'id'), principal);
  }

  @Post(':id/resume')
  @RequireRole('operator')
  @HttpCode(200)
  resume(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RolloutRecord> {
    return this.rollouts.resume(parseInput(idSchema, id, 'id'), principal);
  }

  @Post(':id/abort')
  @RequireRole('operator')
  @HttpCode(200)
  abort(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RolloutRecord> {
    return this.rollouts.abort(parseInput(idSchema, id, 'id'), principal);
  }
}
