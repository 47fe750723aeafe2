// The live haproxy.cfg and its last-known-good copy. A candidate is validated
// beside the live file (so relative paths in it resolve the same) and reaches
// the live path only by an atomic rename after `haproxy -c` accepted it.
import { copyFile, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CommandError, ProcessRunner } from '@hitless/process';
import { readIfExists, removeDurable, writeDurable } from './durable-file';

export interface ValidationOutcome {
  ok: boolean;
  output: string;
}

export class ConfigStore {
  readonly lastKnownGoodPath: string;

  constructor(
    readonly livePath: string,
    stateDir: string,
    private readonly haproxyBinary: string,
    private readonly runner: ProcessRunner,
  ) {
    this.lastKnownGoodPath = join(stateDir, 'last-known-good.cfg');
  }

  readLive(): Promise<string> {
    return readFile(this.livePath, 'utf8');
  }

  readLastKnownGood(): Promise<string | undefined> {
    return readIfExists(this.lastKnownGoodPath);
  }

  /** Keeps the live file as last-known-good unless one is already kept. */
  async keepLiveAsLastKnownGoodIfMissing(): Promise<void> {
    if ((await this.readLastKnownGood()) === undefined) await copyFile(this.livePath, this.lastKnownGoodPath);
  }

  async rememberLastKnownGood(text: string): Promise<void> {
    await writeDurable(this.lastKnownGoodPath, text);
  }

  /** `haproxy -c` on a candidate written next to the live file; the live file is not touched. */
  async validate(text: string, reloadId: string): Promise<ValidationOutcome> {
    const candidate = join(dirname(this.livePath), `.${basename(this.livePath)}.${reloadId}.candidate`);
    await writeDurable(candidate, text);
    try {
      const result = await this.runner.run(this.haproxyBinary, ['-c', '-f', candidate], { timeoutMs: 60_000 });
      return { ok: true, output: (result.stdout + result.stderr).trim() };
    } catch (error) {
      if (error instanceof CommandError && error.reason === 'exit') return { ok: false, output: (error.stdout + error.stderr).trim() };
      throw error;
    } finally {
      await removeDurable(candidate);
    }
  }

  /** Temp file, fsync, rename: a reader sees the old or the new file, never half of one. */
  async writeLive(text: string): Promise<void> {
    const { mode } = await stat(this.livePath);
    await writeDurable(this.livePath, text, mode & 0o7777);
  }
}
