// GET /api/v1/window-calendar: every live maintenance window with its open
// periods over the coming days, for the dashboard's calendar.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { calendarQuerySchema, type Served } from '@hitless/api-contract';
import { parseMaintenanceWindow } from '@hitless/rollout';
import { RequireRole } from '../auth/require-role.decorator';
import { parseInput } from '../errors/zod-problems';
import { openPeriods } from './window-calendar';
import { WindowsService } from './windows.service';

@Controller('window-calendar')
export class WindowCalendarController {
  constructor(@Inject(WindowsService) private readonly windows: WindowsService) {}

  @Get()
  @RequireRole('viewer')
  async get(@Query() query: unknown): Promise<Served<'getWindowCalendar'>> {
    const q = parseInput(calendarQuerySchema, query, 'query');
    const from = q.from ?? new Date();
    const to = new Date(from.getTime() + q.days * 86_400_000);
    const windows = await this.windows.list();
    // Stored specs were validated on the way in; parsing again gives the typed window.
    return { from, to, windows: windows.map((w) => ({ ...w, periods: openPeriods(parseMaintenanceWindow(w.spec), from, to) })) };
  }
}
