import { RuntimeParseError } from './runtime-parse-error';

/**
 * What the master CLI's `reload` said. Up to 2.6 the master re-executes
 * and the connection just closes with no output, so the result must be
 * observed through `show proc` (see awaitReload). From 2.7 the answer is
 * `Success=1` or `Success=0`, optionally followed by `--` and the new
 * process's startup messages.
 */
export type MasterReloadAnswer =
  | { kind: 'asynchronous' }
  | { kind: 'completed'; success: boolean; startupLog: string };

export function parseMasterReloadAnswer(output: string): MasterReloadAnswer {
  const text = output.replace(/\r/g, '');
  if (text.trim() === '') return { kind: 'asynchronous' };
  const match = /^\s*Success=([01])\s*\n?([\s\S]*)$/.exec(text);
  if (!match) throw new RuntimeParseError('reload: unexpected answer', output);
  // Anything after the "--" separator is the startup log of the new process.
  const rest = match[2];
  const log = rest.startsWith('--') ? rest.replace(/^--\s*\n?/, '') : rest;
  return { kind: 'completed', success: match[1] === '1', startupLog: log.trim() };
}
