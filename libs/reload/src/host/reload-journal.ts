// Durable per-reload records in the state directory: the result of every
// finished reload (so a repeated reload id is answered, never applied twice)
// and the one reload in flight (so a restart after a crash can finish it).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { AppliedChange } from '@hitless/haproxy';
import type { PhaseName, ReloadResult } from '../reload-types';
import { readIfExists, removeDurable, writeDurable } from './durable-file';

export interface InFlightRecord {
  reloadId: string;
  phase: PhaseName;
  startedAt: string;
  strategy: string;
  strategyReason: string;
  configHashBefore: string;
  configHashAfter: string;
  oldPids: number[];
  /** What the reload changes: a reload finished after a restart still reports it. Absent in a record of an older agent. */
  changes?: AppliedChange[];
}

export const RELOAD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class ReloadJournal {
  private readonly resultsDir: string;
  private readonly inFlightPath: string;

  constructor(stateDir: string) {
    this.resultsDir = join(stateDir, 'results');
    this.inFlightPath = join(stateDir, 'in-flight.json');
    mkdirSync(this.resultsDir, { recursive: true, mode: 0o700 });
  }

  async result(reloadId: string): Promise<ReloadResult | undefined> {
    const text = await readIfExists(join(this.resultsDir, `${reloadId}.json`));
    if (text === undefined) return undefined;
    // A result saved by an agent older than the change records reads as one without any.
    const saved = JSON.parse(text) as Omit<ReloadResult, 'changes'> & Partial<Pick<ReloadResult, 'changes'>>;
    return { ...saved, changes: saved.changes ?? [] };
  }

  async saveResult(result: ReloadResult): Promise<void> {
    await writeDurable(join(this.resultsDir, `${result.reloadId}.json`), JSON.stringify(result, null, 2));
  }

  async recentResultIds(): Promise<string[]> {
    return (await readdir(this.resultsDir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  }

  async inFlight(): Promise<InFlightRecord | undefined> {
    const text = await readIfExists(this.inFlightPath);
    return text === undefined ? undefined : (JSON.parse(text) as InFlightRecord);
  }

  async markInFlight(record: InFlightRecord): Promise<void> {
    await writeDurable(this.inFlightPath, JSON.stringify(record, null, 2));
  }

  async clearInFlight(): Promise<void> {
    await removeDurable(this.inFlightPath);
  }
}
