// Builds the dashboard from apps/dashboard/src: index.html and the stylesheet as
// they are, the script bundled by esbuild. One recipe for both users: the server
// run from sources builds it in memory, `npm run build` writes it to files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { dashboardFiles, type DashboardFiles } from './dashboard-files';

export const DASHBOARD_SOURCE_DIR = join(__dirname, '../../../dashboard/src');

async function bundleScript(sourceDir: string): Promise<string> {
  const result = await build({
    entryPoints: [join(sourceDir, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    // No source map: an inline one would hand every visitor, signed in or not, the
    // dashboard's whole source with its comments; the sources are in the repository.
    sourcemap: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export async function bundleDashboard(sourceDir: string = DASHBOARD_SOURCE_DIR): Promise<DashboardFiles> {
  const [html, css, js] = await Promise.all([readFile(join(sourceDir, 'index.html'), 'utf8'), readFile(join(sourceDir, 'app.css'), 'utf8'), bundleScript(sourceDir)]);
  return dashboardFiles({ 'index.html': html, 'app.css': css, 'app.js': js });
}
