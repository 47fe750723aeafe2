// What a shipped bundle may still require at run time: Node's own modules, and
// the optional packages that NestJS and others try inside a try/catch and do
// without. Anything else is a module the bundle would miss on a host that has
// no node_modules, so the build fails on it.
import { builtinModules } from 'node:module';
import type { Metafile } from 'esbuild';

/** Debian 12 ships Node.js 18 (18.20 today); Debian 13 ships 20. */
export const NODE_TARGET = 'node18';

/** Required only inside try/catch (feature detection); none is a dependency of ours. */
export const OPTIONAL_EXTERNALS = [
  // NestJS's loadPackage() probes for transports and validation we do not use.
  '@nestjs/microservices',
  '@nestjs/microservices/microservices-module',
  '@nestjs/websockets',
  '@nestjs/websockets/socket-module',
  'class-validator',
  'class-transformer',
  'class-transformer/storage',
  '@fastify/static',
  '@fastify/view',
] as const;

const BUILTIN = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export function assertOnlyAllowedExternals(bundleName: string, metafile: Metafile): void {
  const allowed = new Set<string>(OPTIONAL_EXTERNALS);
  const unexpected = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !BUILTIN.has(imported.path) && !allowed.has(imported.path)) unexpected.add(imported.path);
    }
  }
  if (unexpected.size > 0) throw new Error(`${bundleName} would require at run time: ${[...unexpected].join(', ')}`);
}
