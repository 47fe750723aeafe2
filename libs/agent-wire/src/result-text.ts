// The one character a reload result may not carry: Postgres stores text and jsonb
// without NUL, so a result holding one could never be stored, and an agent that
// kept sending it would be refused on every delivery. HAProxy's output can quote
// binary bytes, so the agent replaces NUL in its own results before they leave;
// the server refuses any that still arrive (INVALID_ARGUMENT, nothing stored).
// The change records are held to their shape too: the server acts on them.
import { InvalidChangeError } from '@hitless/haproxy';
import type * as wire from '@hitless/proto';
import { appliedChangesFromWire } from './applied-change-mapping';

/** `text` with every NUL replaced by U+FFFD, as a reader of the result expects a replaced byte. */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function texts(result: wire.ReloadResult): [string, string][] {
  return [
    ['result.strategy_reason', result.strategyReason],
    ['result.config_hash_before', result.configHashBefore],
    ['result.config_hash_after', result.configHashAfter],
    ['result.validation_output', result.validationOutput],
    ['result.error', result.error],
    ['result.started_at', result.startedAt],
    ['result.finished_at', result.finishedAt],
    ...result.summary.map((line, i): [string, string] => [`result.summary[${i}]`, line]),
    ...result.phases.map((phase, i): [string, string] => [`result.phases[${i}].phase`, phase.phase]),
    ...Object.keys(result.probe?.errors ?? {}).map((code): [string, string] => ['result.probe.errors', code]),
    ...(result.backendServers?.notRunning ?? []).map((line, i): [string, string] => [`result.backend_servers.not_running[${i}]`, line]),
  ];
}

/** Throws InvalidChangeError naming the first field that holds a NUL, or the first malformed change record. */
export function assertStorableResult(result: wire.ReloadResult): void {
  for (const [field, text] of texts(result)) {
    if (text.includes('\u0000')) throw new InvalidChangeError(field, 'contains a NUL character, which cannot be stored');
  }
  appliedChangesFromWire(result.changes, 'result.changes');
}
