// /api/v1/windows: create, list and delete maintenance windows.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import type { Principal } from '../auth/roles';
import { parseInput } from '../errors/zod-problems';
import type { WindowRecord } from './windows.repository';
import { WindowsService } from './windows.service';

export const idSchema = z.string().uuid();

export const bodySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/, 'letters, digits, spaces, ".", "_", "-"; at most 63'),
    window: z.unknown(),
  })
  .strict();

@Controller('windows')
export class WindowsController {
  constructor(@Inject(WindowsService) private readonly windows: WindowsService) {}

  @Post()
  @RequireRole('operator')
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<WindowRecord> {
    const input = parseInput(bodySchema, body);
    return this.windows.create(input.name, input.window, principal);
  }

  @Get()
  @RequireRole('viewer')
  async list(): Promise<{ items: WindowRecord[] }> {
    return { items: await this.windows.list() };
  }

  @Delete(':id')
  @RequireRole('operator')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.windows.delete(parseInput(idSchema, id, 'id'), principal);
  }
}
