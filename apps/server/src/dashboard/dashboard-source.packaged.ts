// The packaged server's dashboard: the files `npm run build` wrote beside the
// server bundle (dashboard/), read as they are. Stands in for dashboard-source.ts
// in the bundle (scripts/build/build.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DASHBOARD_FILES, dashboardFiles, type DashboardFile } from './dashboard-files';
import type { loadDashboardFiles as fromSources } from './dashboard-source';

export const loadDashboardFiles: typeof fromSources = async () => {
  // __dirname is the bundle's own directory (/usr/lib/hitless/server).
  const dir = join(__dirname, 'dashboard');
  const bodies = await Promise.all(DASHBOARD_FILES.map((file) => readFile(join(dir, file), 'utf8')));
  return dashboardFiles(Object.fromEntries(DASHBOARD_FILES.map((file, i) => [file, bodies[i]])) as Record<DashboardFile, string>);
};
