// Minimal Debian roots built from Debian's archive with mmdebstrap, cached
// outside the repository between runs: the base system (variant apt: only
// Essential packages and apt), the archive's package lists, and, downloaded but
// not installed, every package the install test will ask apt for. A test then
// installs into a throwaway overlay of the root with no network at all, so the
// packages' own Depends are what brings in nodejs, and nothing is fetched.
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';

export type DebianSuite = 'bookworm' | 'trixie';

/** What the install test installs from the archive besides the two Hitless packages (and their dependencies). */
export const ARCHIVE_PACKAGES = ['haproxy', 'postgresql', 'systemd'];
/** The Hitless packages' own dependencies, named so that they are downloaded too. */
const HITLESS_DEPENDENCIES = ['nodejs', 'iproute2', 'procps', 'iptables', 'adduser'];
const MIRROR = 'http://deb.debian.org/debian';
/** Bump when the recipe below changes: it is part of the cache key. */
const RECIPE = 2;

export const ROOTS_CACHE = process.env.HITLESS_TEST_ROOTS ?? '/var/cache/hitless-test-roots';

export interface CachedRoot {
  suite: DebianSuite;
  dir: string;
  /** How long building it took now; 0 when it came from the cache. */
  builtInMs: number;
}

export async function debianRoot(suite: DebianSuite): Promise<CachedRoot> {
  const packages = [...ARCHIVE_PACKAGES, ...HITLESS_DEPENDENCIES].sort();
  const key = createHash('sha256').update(JSON.stringify({ suite, packages, MIRROR, RECIPE })).digest('hex').slice(0, 12);
  const dir = join(ROOTS_CACHE, `${suite}-${key}`);
  if (await stat(join(dir, 'etc/debian_version')).then(() => true, () => false)) return { suite, dir, builtInMs: 0 };
  await mkdir(ROOTS_CACHE, { recursive: true });
  // Built beside its final name and renamed: a run killed halfway leaves no root that looks complete.
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const started = Date.now();
  try {
    await new SystemProcessRunner().run(
      'mmdebstrap',
      [
        '--variant=apt',
        // Keep the package lists and the downloaded .debs: the test installs offline from them.
        '--skip=cleanup/apt',
        // mmdebstrap runs apt without Recommends; an operator's apt installs them, so they are fetched too.
        `--customize-hook=chroot "$1" apt-get install --download-only --yes --quiet -o APT::Install-Recommends=true ${packages.join(' ')}`,
        suite,
        building,
        MIRROR,
      ],
      { timeoutMs: 15 * 60_000 },
    );
    await rename(building, dir);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  return { suite, dir, builtInMs: Date.now() - started };
}
