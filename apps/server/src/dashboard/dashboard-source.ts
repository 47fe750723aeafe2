// The server run from a checkout builds the dashboard from its sources on the
// first request. The packaged server has this module replaced by
// dashboard-source.packaged.ts (scripts/build/build.ts), so that esbuild is
// not a run-time dependency there.
import type { DashboardFiles } from './dashboard-files';
import { bundleDashboard } from './dashboard-bundle';

export function loadDashboardFiles(): Promise<DashboardFiles> {
  return bundleDashboard();
}
