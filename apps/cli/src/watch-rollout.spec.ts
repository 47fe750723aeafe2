import type { RolloutDetail } from '@hitless/api-contract';
import { connectApi } from './api-connection';
import type { CliContext, OutputStream } from './cli-context';
import { UnreachableError } from './cli-errors';
import type { Fetch } from './trusted-fetch';
import { EXIT } from './exit-codes';
import { detail, step } from './test-details';
import { watchRollout } from './watch-rollout';

// The API answers with each detail in turn, the last one repeating.
// An Error entry is a failed connection (fetch rejects), as when the server restarts.
function contextFor(details: (RolloutDetail | Error)[], isTTY: boolean, output: 'text' | 'json' = 'text', columns?: number) {
  let call = 0;
  let clock = 0;
  const fakeFetch: Fetch = async () => {
    const next = details[Math.min(call++, details.length - 1)];
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  let written = '';
  let notes = '';
  const stdout: OutputStream = { write: (text) => void (written += text), isTTY, columns };
  const ctx: CliContext = {
    api: connectApi({ apiUrl: 'http://test/api/v1', server: 'http://test' }, fakeFetch),
    output,
    stdout,
    stderr: { write: (text) => void (notes += text), isTTY: false },
    stdin: { isTTY: false, readLine: () => Promise.resolve(undefined) },
    now: () => new Date(clock),
    newIdempotencyKey: () => 'key-00000001',
    readFile: () => Promise.reject(new Error('no files here')),
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  return { ctx, written: () => written, notes: () => notes };
}

const running = detail('running', [step('lb-1', { state: 'dispatched' }), step('lb-2')]);
const half = detail('running', [step('lb-1', { state: 'succeeded' }), step('lb-2', { state: 'dispatched' })]);
const done = detail('succeeded', [step('lb-1', { state: 'succeeded' }), step('lb-2', { state: 'succeeded' })]);
const failed = detail('rolled-back', [step('lb-1', { state: 'rolled-back' }), step('lb-2')]);

describe('watchRollout', () => {
  it('redraws one line in place on a terminal and ends with a newline', async () => {
    const { ctx, written } = contextFor([running, running, half, done], true);
    expect(await watchRollout(ctx, 'id', 10)).toBe(EXIT.ok);
    expect(written().split('\r\x1b[2K')).toHaveLength(5);
    expect(written().match(/\n/g)).toHaveLength(1);
  });

  it('prints a plain line per change into a pipe, without control codes', async () => {
    const { ctx, written } = contextFor([running, running, half, done], false);
    await watchRollout(ctx, 'id', 10);
    expect(written()).not.toMatch(/\x1b|\r/);
    expect(written().trim().split('\n')).toHaveLength(3);
  });

  it('prints JSON lines with --output json and exits 1 when the rollout ends badly', async () => {
    const { ctx, written } = contextFor([running, failed], false, 'json');
    expect(await watchRollout(ctx, 'id', 10)).toBe(EXIT.rolloutFailed);
    const lines = written().trim().split('\n').map((l) => JSON.parse(l) as { state: string; terminal: boolean });
    expect(lines.map((l) => [l.state, l.terminal])).toEqual([['running', false], ['rolled-back', true]]);
  });

  it('cuts the redrawn line to the terminal width so it never wraps', async () => {
    const { ctx, written } = contextFor([done], true, 'text', 20);
    await watchRollout(ctx, 'id', 10);
    expect(written()).toBe(`\r\x1b[2K[${'#'.repeat(18)}\n`);
  });

  it('keeps watching through a short server outage, and gives up on a long one with the unreachable error', async () => {
    const refused = new TypeError('fetch failed');
    const short = contextFor([running, refused, refused, done], false);
    expect(await watchRollout(short.ctx, 'id', 1000)).toBe(EXIT.ok);
    expect(short.notes()).toMatch(/cannot reach the server .*; retrying\n/);
    const long = contextFor([running, refused], false);
    await expect(watchRollout(long.ctx, 'id', 1000)).rejects.toBeInstanceOf(UnreachableError);
  });
});
