// Embedded PostgreSQL in a process of its own for a test suite: its own temp
// dir and free port, never the machine's 5432. Stopped (and its dir removed) in afterAll.
// The fault suite can also halt it and start it again on the same data and port.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';

export interface TestDatabase {
  url: string;
  stop(): Promise<void>;
  /** Stops PostgreSQL itself (every connection is cut), keeping its data. */
  halt(): Promise<void>;
  /** Starts it again after halt(); resolves once it accepts connections. */
  resume(): Promise<void>;
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
  // embedded-database-main toggles on SIGUSR2 and prints a line per toggle.
  const toggle = async (to: 'halted' | 'running') => {
    const count = () => child.output().stdout.split('\n').filter((line) => line.includes(`"postgres":"${to}"`)).length;
    const before = count();
    process.kill(child.pid, 'SIGUSR2');
    const deadline = Date.now() + 60_000;
    while (count() === before) {
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not become ${to}: ${child.output().stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = child.output().stdout.split('\n').find((text) => text.startsWith('{"url"'));
    if (line) {
      const { url, dir } = JSON.parse(line) as { url: string; dir: string };
      return { url, stop: () => stop(dir), halt: () => toggle('halted'), resume: () => toggle('running') };
    }
    const exited = await Promise.race([child.exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 100))]);
    if (exited !== undefined || Date.now() > deadline) {
      await stop();
      throw new Error(`embedded PostgreSQL did not start: ${child.output().stderr.slice(-2000)}`);
    }
  }
}
