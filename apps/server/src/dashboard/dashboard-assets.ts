// The dashboard's files as the server sends them: index.html and the stylesheet
// read from apps/dashboard/src, the script bundled there by esbuild. Built once,
// on the first request, and kept in memory: nothing is written to disk, and a
// server that nobody opens the dashboard on never pays for the build.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface DashboardAsset {
  contentType: string;
  body: string;
}

export type DashboardFile = 'index.html' | 'app.js' | 'app.css';

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

export class DashboardAssets {
  private built: Promise<Map<DashboardFile, DashboardAsset>> | undefined;

  constructor(private readonly sourceDir: string = DASHBOARD_SOURCE_DIR) {}

  async get(file: DashboardFile): Promise<DashboardAsset> {
    // A failed build is not cached: the next request tries again (and says why).
    this.built ??= this.build().catch((error: unknown) => {
      this.built = undefined;
      throw error;
    });
    const asset = (await this.built).get(file);
    if (!asset) throw new Error(`dashboard asset ${file} missing from the build`);
    return asset;
  }

  private async build(): Promise<Map<DashboardFile, DashboardAsset>> {
    const [html, css, js] = await Promise.all([
      readFile(join(this.sourceDir, 'index.html'), 'utf8'),
      readFile(join(this.sourceDir, 'app.css'), 'utf8'),
      bundleScript(this.sourceDir),
    ]);
    return new Map<DashboardFile, DashboardAsset>([
      ['index.html', { contentType: 'text/html; charset=utf-8', body: html }],
      ['app.css', { contentType: 'text/css; charset=utf-8', body: css }],
      ['app.js', { contentType: 'text/javascript; charset=utf-8', body: js }],
    ]);
  }
}
