// A crash-safe record of every change a reload makes to the host outside
// HAProxy (iptables rules, qdiscs, sysctls). Each change is written here, with
// the commands that undo it, BEFORE it is made; a release removes it after the
// undo ran. Whatever a killed agent left behind is undone at its next start.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ProcessRunner } from '@hitless/process';

export interface HostCommand {
  command: string;
  args: string[];
  /** Exit codes that mean "already undone" (e.g. iptables -D of a rule that is gone). */
  okExitCodes?: number[];
}

export interface LedgerEntry {
  reloadId: string;
  what: string;
  undo: HostCommand[];
  netns?: string;
}

/** Temp file, fsync, rename, fsync of the directory: after a crash the file is whole, old or new. */
export async function writeFileDurably(path: string, content: string, mode = 0o600): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  const handle = await open(temp, 'w', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

export class HostLedger {
  private readonly path: string;

  constructor(stateDir: string, private readonly runner: ProcessRunner) {
    this.path = join(stateDir, 'engaged.json');
  }

  async entries(): Promise<LedgerEntry[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '[]';
      throw error;
    });
    return JSON.parse(text) as LedgerEntry[];
  }

  /** Records a change before it is made. */
  async record(entry: LedgerEntry): Promise<void> {
    const all = await this.entries();
    await writeFileDurably(this.path, JSON.stringify([...all, entry], null, 2));
  }

  /** Runs the undo commands of one entry (last recorded first) and forgets it. */
  async undo(entry: LedgerEntry): Promise<void> {
    for (const step of entry.undo) {
      await this.runner.run(step.command, step.args, { netns: entry.netns, okExitCodes: [0, ...(step.okExitCodes ?? [])] });
    }
    const rest = (await this.entries()).filter((e) => !(e.reloadId === entry.reloadId && e.what === entry.what));
    if (rest.length === 0) await unlink(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    else await writeFileDurably(this.path, JSON.stringify(rest, null, 2));
  }

  /** Undoes everything still recorded, newest first: what a killed agent left engaged. */
  async undoAll(): Promise<LedgerEntry[]> {
    const all = (await this.entries()).reverse();
    for (const entry of all) await this.undo(entry);
    return all;
  }
}

