// Which npm packages went into the bundles, with each one's licence and notice
// text: a bundle redistributes their code, so the Debian packages' copyright
// files must carry them.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Metafile } from 'esbuild';

export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  /** The package's own LICENSE/COPYING/NOTICE files, verbatim. */
  texts: string[];
  /** Which bundles carry it: agent, server, cli. */
  bundles: string[];
}

function packageDirOf(input: string): string | undefined {
  const parts = input.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const length = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + length).join(sep);
}

async function licenceTexts(dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((file) => /^(licen[cs]e|copying|notice)(\.|-|$)/i.test(file)).sort();
  return Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
}

export async function bundledPackages(root: string, metafiles: Metafile[]): Promise<BundledPackage[]> {
  const byDir = new Map<string, Set<string>>();
  for (const metafile of metafiles) {
    for (const [outputPath, output] of Object.entries(metafile.outputs)) {
      const bundle = dirname(outputPath).split('/').pop() ?? outputPath;
      for (const input of Object.keys(output.inputs)) {
        const dir = packageDirOf(join(root, input));
        if (!dir) continue;
        if (!byDir.has(dir)) byDir.set(dir, new Set());
        byDir.get(dir)?.add(bundle);
      }
    }
  }
  const packages: BundledPackage[] = [];
  for (const [dir, bundles] of byDir) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; license?: string | { type?: string } };
    const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
    packages.push({ name: manifest.name ?? relative(root, dir), version: manifest.version ?? '', license, texts: await licenceTexts(dir), bundles: [...bundles].sort() });
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}
