// The three files the dashboard is made of, and how each is sent.
export type DashboardFile = 'index.html' | 'app.js' | 'app.css';

export interface DashboardAsset {
  contentType: string;
  body: string;
}

export type DashboardFiles = Map<DashboardFile, DashboardAsset>;

const CONTENT_TYPES: Record<DashboardFile, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
};

export const DASHBOARD_FILES = Object.keys(CONTENT_TYPES) as DashboardFile[];

export function dashboardFiles(bodies: Record<DashboardFile, string>): DashboardFiles {
  return new Map(DASHBOARD_FILES.map((file) => [file, { contentType: CONTENT_TYPES[file], body: bodies[file] }]));
}
