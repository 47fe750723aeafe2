// Embedded PostgreSQL in a process of its own for a test suite: its own temp
// dir and free port, never the machine's 5432. Stopped (and its dir removed) in afterAll.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';

export interface TestDatabase {
  url: string;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '../..');

export async function startTestDatabase(): Promise<TestDatabase> {
  const child: RunningProcess = new SystemProcessRunner().spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/server/src/database/embedded-database-main.ts')],
    { cwd: ROOT, stdio: 'pipe' },
  );
  const stop = async (dir?: string) => {
    await child.stop('SIGTERM', 10_000);
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = child.output().stdout.split('\n').find((text) => text.startsWith('{'));
    if (line) {
      const { url, dir } = JSON.parse(line) as { url: string; dir: string };
      return { url, stop: () => stop(dir) };
    }
    const exited = await Promise.race([child.exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 100))]);
    if (exited !== undefined || Date.now() > deadline) {
      await stop();
      throw new Error(`embedded PostgreSQL did not start: ${child.output().stderr.slice(-2000)}`);
    }
  }
}
