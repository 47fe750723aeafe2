// A crash-safe record of every change a reload makes to the host outside
// HAProxy (iptables rules, qdiscs, sysctls). Each change is written here, with
// the commands that undo it, BEFORE it is made; a release removes it after the
// undo ran. Whatever a killed agent left behind is undone at its next start.
import { join } from 'node:path';
import type { ProcessRunner } from '@hitless/process';
import { readIfExists, removeDurable, writeDurable } from './durable-file';

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

export class HostLedger {
  private readonly path: string;

  constructor(stateDir: string, private readonly runner: ProcessRunner) {
    this.path = join(stateDir, 'engaged.json');
  }

  async entries(): Promise<LedgerEntry[]> {
    return JSON.parse((await readIfExists(this.path)) ?? '[]') as LedgerEntry[];
  }

  /** Records a change before it is made. */
  async record(entry: LedgerEntry): Promise<void> {
    const all = await this.entries();
    await writeDurable(this.path, JSON.stringify([...all, entry], null, 2));
  }

  /** Runs the undo commands of one entry (last recorded first) and forgets it. */
  async undo(entry: LedgerEntry): Promise<void> {
    for (const step of entry.undo) {
      await this.runner.run(step.command, step.args, { netns: entry.netns, okExitCodes: [0, ...(step.okExitCodes ?? [])] });
    }
    const rest = (await this.entries()).filter((e) => !(e.reloadId === entry.reloadId && e.what === entry.what));
    if (rest.length === 0) await removeDurable(this.path);
    else await writeDurable(this.path, JSON.stringify(rest, null, 2));
  }

  /** Undoes everything still recorded, newest first: what a killed agent left engaged. */
  async undoAll(): Promise<LedgerEntry[]> {
    const all = (await this.entries()).reverse();
    for (const entry of all) await this.undo(entry);
    return all;
  }
}

