// The dashboard's files as the server sends them, loaded once on the first
// request and kept in memory. Where they come from is the loader's business:
// from the sources (dashboard-source.ts) when the server runs from a checkout,
// from the files `npm run build` wrote when it runs packaged.
import { loadDashboardFiles } from './dashboard-source';
import type { DashboardAsset, DashboardFile, DashboardFiles } from './dashboard-files';

export type { DashboardAsset, DashboardFile } from './dashboard-files';

export class DashboardAssets {
  private loaded: Promise<DashboardFiles> | undefined;

  constructor(private readonly load: () => Promise<DashboardFiles> = loadDashboardFiles) {}

  async get(file: DashboardFile): Promise<DashboardAsset> {
    // A failed load is not cached: the next request tries again (and says why).
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    const asset = (await this.loaded).get(file);
    if (!asset) throw new Error(`dashboard asset ${file} missing`);
    return asset;
  }
}
