// The live haproxy.cfg and its last-known-good copy. A candidate is validated
// beside the live file (so relative paths in it resolve the same) and reaches
// the live path only by an atomic rename after `haproxy -c` accepted it.
//
// The check runs with HAProxy's own privileges (see check-identity.ts), a time
// limit and a memory limit: whatever a config names, the check reads no more
// than HAProxy's user could, and a map that never ends (a FIFO, /dev/zero)
// cannot hang the agent or eat the host's memory. The candidate is made
// readable to that user's group only; the directory it sits in must be
// searchable by that user (Debian's /etc/haproxy is).
import { chown, copyFile, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { globalIdentity, parseConfig } from '@hitless/haproxy';
import { CommandError, ProcessRunner } from '@hitless/process';
import { resolveCheckIdentity, type CheckIdentity } from './check-identity';
import { readIfExists, removeDurable, writeDurable } from './durable-file';

export interface ValidationOutcome {
  ok: boolean;
  /** What haproxy -c printed (on a timeout: what it printed before it was killed). */
  output: string;
  /** Who ran the check, for messages: `haproxy (uid 108, gid 111)`. */
  checkedAs: string;
  /** Set when the check did not end on its own: `did not finish within 60 s`, `was killed by SIGSEGV`. */
  stopped?: string;
}

export interface ConfigCheckLimits {
  timeoutMs: number;
  /** Address space of the haproxy -c process. */
  maxMemoryBytes: number;
}

// A config with thousands of backends, large maps and many certificates parses in
// seconds and well under a GiB; a check past either has gone wrong.
export const DEFAULT_CHECK_LIMITS: ConfigCheckLimits = { timeoutMs: 60_000, maxMemoryBytes: 1024 * 1024 * 1024 };

export class ConfigStore {
  readonly lastKnownGoodPath: string;

  constructor(
    readonly livePath: string,
    stateDir: string,
    private readonly haproxyBinary: string,
    private readonly runner: ProcessRunner,
    private readonly checkLimits: ConfigCheckLimits = DEFAULT_CHECK_LIMITS,
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

  /** `haproxy -c` on a candidate written next to the live file, as HAProxy's own user; the live file is not touched. */
  async validate(text: string, reloadId: string): Promise<ValidationOutcome> {
    const candidate = join(dirname(this.livePath), `.${basename(this.livePath)}.${reloadId}.candidate`);
    const identity = await this.checkIdentity(text);
    const checkedAs = identity?.label ?? `the agent's own user (uid ${process.getuid?.() ?? 'unknown'})`;
    await writeDurable(candidate, text, 0o640);
    try {
      if (identity) await chown(candidate, 0, identity.gid);
      const result = await this.runner.run(this.haproxyBinary, ['-c', '-f', candidate], {
        timeoutMs: this.checkLimits.timeoutMs,
        maxMemoryBytes: this.checkLimits.maxMemoryBytes,
        ...(identity && { runAs: { uid: identity.uid, gid: identity.gid } }),
      });
      return { ok: true, output: (result.stdout + result.stderr).trim(), checkedAs };
    } catch (error) {
      if (error instanceof CommandError && (error.reason === 'exit' || error.reason === 'timeout')) {
        return { ok: false, output: (error.stdout + error.stderr).trim(), checkedAs, ...this.stopped(error) };
      }
      throw error;
    } finally {
      await removeDurable(candidate);
    }
  }

  private stopped(error: CommandError): { stopped?: string } {
    const limits = `time limit ${this.checkLimits.timeoutMs / 1000} s, memory limit ${Math.round(this.checkLimits.maxMemoryBytes / 1024 / 1024)} MiB`;
    if (error.reason === 'timeout') return { stopped: `did not finish within the check's time limit and was killed (${limits})` };
    if (error.signal) return { stopped: `was killed by ${error.signal} (${limits})` };
    return {};
  }

  /** Undefined when the agent is not root: then the check already runs unprivileged, as the agent. */
  private async checkIdentity(text: string): Promise<CheckIdentity | undefined> {
    if (process.getuid?.() !== 0) return undefined;
    return resolveCheckIdentity(globalIdentity(parseConfig(text)), this.runner);
  }

  /** Temp file, fsync, rename: a reader sees the old or the new file, never half of one. */
  async writeLive(text: string): Promise<void> {
    const { mode } = await stat(this.livePath);
    await writeDurable(this.livePath, text, mode & 0o7777);
  }
}
