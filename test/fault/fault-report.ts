// Each fault test prints one JSON line of what it observed (request counts,
// failed counts, final states, time to recover): the figures the fault suite
// reports, visible in the test output of `npm test`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FleetHost } from '../support/lab-fleet';

export function reportFault(fault: string, figures: Record<string, unknown>): void {
  process.stdout.write(`fault ${fault}: ${JSON.stringify(figures)}\n`);
}

export function secondsSince(startMs: number): number {
  return Math.round((Date.now() - startMs) / 100) / 10;
}

/** The phase of the reload the host's agent has in flight (its engine's journal), if any. */
export async function inFlightPhase(host: FleetHost): Promise<string | undefined> {
  const { stateDir } = JSON.parse(await readFile(host.configFile, 'utf8')) as { stateDir: string };
  const text = await readFile(join(stateDir, 'engine', 'in-flight.json'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  // Written by temp file + rename: never half a record.
  return text === undefined ? undefined : (JSON.parse(text) as { phase?: string }).phase;
}
