// Applies a request's changes to the live config in memory only, so a change
// naming an unknown backend or server is refused before any hook or reload runs.
import { readFile } from 'node:fs/promises';
import { applyChanges, configHash, parseConfig } from '@hitless/haproxy';
import type { ReloadRequest } from '@hitless/reload';

export function livePrecheck(configPath: string): (request: ReloadRequest) => Promise<void> {
  return async (request) => {
    applyChanges(parseConfig(await readFile(configPath, 'utf8')), request.changes);
  };
}

export async function liveConfigHash(configPath: string): Promise<string> {
  return configHash(await readFile(configPath, 'utf8'));
}
