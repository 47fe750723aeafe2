// `npm run package`: hitless-agent and hitless-server as Debian packages, from
// what `npm run build` left in dist/, staged as the trees they install and
// built with dpkg-deb. They depend only on packages in Debian's own archive
// (Debian's nodejs: 18 on Debian 12, 20 on Debian 13) and carry no node_modules.
import { chmod, cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';
import { PACKAGES, type DebPackage } from './deb-packages';
import { copyrightFile, changelogFile, controlFile, gzipped, installedSizeKib, md5sums } from './deb-metadata';
import type { BundledPackage } from '../build/third-party';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist');
const runner = new SystemProcessRunner();

async function stage(pkg: DebPackage, version: string, releaseDate: Date, thirdParty: BundledPackage[]): Promise<string> {
  const tree = join(DIST, 'deb', pkg.name);
  await rm(tree, { recursive: true, force: true });
  for (const file of pkg.files) {
    const target = join(tree, file.path);
    await mkdir(join(target, '..'), { recursive: true });
    if ('symlinkTo' in file) {
      await runner.run('ln', ['-s', file.symlinkTo, target]);
      continue;
    }
    const source = join(ROOT, file.from);
    if ((await stat(source)).isDirectory()) {
      await cp(source, target, { recursive: true });
      await runner.run('chmod', ['-R', 'u=rwX,go=rX', target]);
      continue;
    }
    const content = await readFile(source);
    await writeFile(target, file.gzip ? gzipped(content) : content);
    await chmod(target, file.mode ?? 0o644);
  }
  const doc = join(tree, 'usr/share/doc', pkg.name);
  await mkdir(doc, { recursive: true });
  await writeFile(join(doc, 'copyright'), copyrightFile(thirdParty.filter((p) => p.bundles.some((b) => pkg.bundles.includes(b)))));
  await writeFile(join(doc, 'changelog.gz'), gzipped(Buffer.from(changelogFile(pkg.name, version, releaseDate))));
  await runner.run('chmod', ['-R', 'u=rwX,go=rX', join(tree, 'usr/share')]);

  const control = join(tree, 'DEBIAN');
  await mkdir(control, { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) {
    await cp(join(ROOT, 'deploy/debian', pkg.name, script), join(control, script));
    await chmod(join(control, script), 0o755);
  }
  await writeFile(join(control, 'conffiles'), `${pkg.files.filter((f) => f.path.startsWith('etc/')).map((f) => `/${f.path}`).join('\n')}\n`);
  await writeFile(join(control, 'md5sums'), await md5sums(tree));
  await writeFile(join(control, 'control'), controlFile(pkg, version, await installedSizeKib(tree)));
  await chmod(join(control, 'conffiles'), 0o644);
  await chmod(join(control, 'md5sums'), 0o644);
  await chmod(join(control, 'control'), 0o644);
  return tree;
}

async function main(): Promise<void> {
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const thirdParty = JSON.parse(await readFile(join(DIST, 'third-party.json'), 'utf8').catch(() => {
    throw new Error('dist/third-party.json is missing: run `npm run build` first');
  })) as BundledPackage[];
  const releaseDate = new Date((await runner.run('git', ['log', '-1', '--format=%cI'], { cwd: ROOT })).stdout.trim());
  for (const pkg of PACKAGES) {
    const tree = await stage(pkg, version, releaseDate, thirdParty);
    const deb = join(DIST, `${pkg.name}_${version}_all.deb`);
    await runner.run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', tree, deb]);
    process.stdout.write(`package: ${deb} (${Math.round((await stat(deb)).size / 1024)} KiB)\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`package failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
