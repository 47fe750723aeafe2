// The install test's packages, made the way CI and a release make them:
// `npm run build`, then `npm run package`. A broken build fails the test.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';

const ROOT = join(__dirname, '../..');

export interface BuiltPackages {
  agentDeb: string;
  serverDeb: string;
}

export async function buildPackages(): Promise<BuiltPackages> {
  const runner = new SystemProcessRunner();
  for (const script of ['scripts/build/build.ts', 'scripts/package/package-debs.ts']) {
    await runner.run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, timeoutMs: 5 * 60_000 });
  }
  const dist = join(ROOT, 'dist');
  const debs = await readdir(dist);
  const find = (name: string) => {
    const file = debs.find((entry) => entry.startsWith(`${name}_`) && entry.endsWith('_all.deb'));
    if (!file) throw new Error(`npm run package left no ${name} package in dist/ (found: ${debs.join(', ')})`);
    return join(dist, file);
  };
  return { agentDeb: find('hitless-agent'), serverDeb: find('hitless-server') };
}
