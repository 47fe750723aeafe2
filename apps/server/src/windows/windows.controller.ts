// /api/v1/windows: create, list and delete maintenance windows.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { createWindowBodySchema, windowIdSchema, type Served } from '@hitless/api-contract';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import type { Principal } from '../auth/roles';
import { parseInput } from '../errors/zod-problems';
import { WindowsService } from './windows.service';

@Controller('windows')
export class WindowsController {
  constructor(@Inject(WindowsService) private readonly windows: WindowsService) {}

  @Post()
  @RequireRole('operator')
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Served<'createWindow'>> {
    const input = parseInput(createWindowBodySchema, body);
    return this.windows.create(input.name, input.window, principal);
  }

  @Get()
  @RequireRole('viewer')
  async list(): Promise<Served<'listWindows'>> {
    return { items: await this.windows.list() };
  }

  @Delete(':id')
  @RequireRole('operator')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<Served<'deleteWindow'>> {
    await this.windows.delete(parseInput(windowIdSchema, id, 'id'), principal);
  }
}
