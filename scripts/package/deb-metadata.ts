// The Debian control-area and documentation files of a package: control,
// md5sums, copyright (machine-readable, with every bundled npm package's licence)
// and a native changelog.
import { createHash } from 'node:crypto';
import { readdir, readFile, lstat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BundledPackage } from '../build/third-party';
import type { DebPackage } from './deb-packages';

export const MAINTAINER = 'Hitless maintainers <maintainers@hitless.example.org>';

/** gzip -9n: no name, no timestamp (zlib's header carries neither), so builds are reproducible. */
export function gzipped(content: Buffer): Buffer {
  return gzipSync(content, { level: 9 });
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

export async function md5sums(tree: string): Promise<string> {
  const lines: string[] = [];
  for (const file of (await walk(tree)).sort()) {
    const path = relative(tree, file);
    if (path.startsWith('DEBIAN/') || path.startsWith('etc/') || (await lstat(file)).isSymbolicLink()) continue;
    lines.push(`${createHash('md5').update(await readFile(file)).digest('hex')}  ${path}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function installedSizeKib(tree: string): Promise<number> {
  let bytes = 0;
  for (const file of await walk(tree)) if (!relative(tree, file).startsWith('DEBIAN/')) bytes += (await lstat(file)).size;
  return Math.ceil(bytes / 1024);
}

export function controlFile(pkg: DebPackage, version: string, installedSize: number): string {
  const fields = [
    `Package: ${pkg.name}`,
    `Version: ${version}`,
    'Architecture: all',
    `Maintainer: ${MAINTAINER}`,
    `Installed-Size: ${installedSize}`,
    `Depends: ${pkg.depends.join(', ')}`,
    ...(pkg.recommends.length ? [`Recommends: ${pkg.recommends.join(', ')}`] : []),
    `Section: ${pkg.section}`,
    'Priority: optional',
    `Description: ${pkg.summary}`,
    ...pkg.description.map((line) => ` ${line}`),
  ];
  return `${fields.join('\n')}\n`;
}

/** Debian points at its own copy of the Apache licence rather than repeating it (lintian insists). */
function withoutFullApacheText(text: string): string {
  const isApache = /Apache License\s+Version 2\.0, January 2004/.test(text) && /TERMS AND CONDITIONS/.test(text);
  return isApache ? 'Apache License, Version 2.0: on Debian systems in /usr/share/common-licenses/Apache-2.0.' : text;
}

/**
 * A free-form copyright file: Hitless under Apache-2.0, then every npm package
 * the bundles carry, each with its own licence text verbatim.
 */
export function copyrightFile(thirdParty: BundledPackage[]): string {
  const indent = (text: string) =>
    text
      .replace(/\r/g, '')
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`.trimEnd())
      .join('\n');
  const parts = [
    'Hitless',
    'Copyright: The Hitless authors',
    'License: Apache-2.0',
    '',
    'On Debian systems, the full text of the Apache License, Version 2.0 is in',
    '/usr/share/common-licenses/Apache-2.0.',
    '',
    'The JavaScript bundles in /usr/lib/hitless include these npm packages, each',
    'under its own licence:',
    '',
    ...thirdParty.flatMap((p) => [
      `${p.name} ${p.version} (${p.bundles.join(', ')}): ${p.license}`,
      p.texts.length ? indent(p.texts.map(withoutFullApacheText).join('\n\n')) : `    (${p.name} carries no licence file of its own; its package.json says ${p.license}.)`,
      '',
    ]),
  ];
  return `${parts.join('\n')}\n`;
}

/** `date` is the release's date (the last commit's, so that a rebuild is the same package). */
export function changelogFile(name: string, version: string, date: Date): string {
  const rfc2822 = date.toUTCString().replace('GMT', '+0000');
  return `${name} (${version}) unstable; urgency=medium\n\n  * Release ${version}.\n\n -- ${MAINTAINER}  ${rfc2822}\n`;
}
