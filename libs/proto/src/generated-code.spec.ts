// The committed TypeScript must be exactly what `npm run proto` makes from proto/,
// so a contract change can never ship without its generated code.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';

const root = join(__dirname, '../../..');
const committedDir = join(root, 'libs/proto/src/generated');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('generated proto code', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'hitless-proto-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('matches what npm run proto generates from proto/', async () => {
    await new SystemProcessRunner().run(join(root, 'node_modules/.bin/buf'), ['generate', 'proto', '--template', 'proto/buf.gen.yaml', '-o', outDir], {
      cwd: root,
      timeoutMs: 60_000,
    });
    const freshDir = join(outDir, 'libs/proto/src/generated');
    const fresh = await listFiles(freshDir);
    expect(await listFiles(committedDir)).toEqual(fresh);
    for (const file of fresh) {
      const [want, have] = await Promise.all([readFile(join(freshDir, file), 'utf8'), readFile(join(committedDir, file), 'utf8')]);
      // A plain equality would print two whole files; name the stale one instead.
      expect({ file, stale: want !== have }).toEqual({ file, stale: false });
    }
  }, 60_000);
});
