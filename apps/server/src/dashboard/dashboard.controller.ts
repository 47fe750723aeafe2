// Serves the dashboard at /dashboard (and sends / there). The pages are public
// files; every figure on them comes from /api/v1 with the user's own token.
import { Controller, Get, Inject, Redirect, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/require-role.decorator';
import { DashboardAssets, type DashboardFile } from './dashboard-assets';

// The script comes only from this origin and nothing inline runs: text from the
// API that slipped into the markup still could not execute.
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

@Controller()
@Public()
export class DashboardController {
  constructor(@Inject(DashboardAssets) private readonly assets: DashboardAssets) {}

  @Get()
  @Redirect('/dashboard', 302)
  root(): void {
    return undefined;
  }

  // Express matches /dashboard and /dashboard/ alike; the page uses absolute URLs.
  @Get('dashboard')
  index(@Res() response: Response): Promise<void> {
    return this.send(response, 'index.html');
  }

  @Get('dashboard/app.js')
  script(@Res() response: Response): Promise<void> {
    return this.send(response, 'app.js');
  }

  @Get('dashboard/app.css')
  style(@Res() response: Response): Promise<void> {
    return this.send(response, 'app.css');
  }

  private async send(response: Response, file: DashboardFile): Promise<void> {
    const asset = await this.assets.get(file);
    response.status(200).set({ ...SECURITY_HEADERS, 'Content-Type': asset.contentType }).send(asset.body);
  }
}
