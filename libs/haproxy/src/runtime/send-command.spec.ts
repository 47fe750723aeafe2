import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeCli, type FakeCli } from './fake-cli-server';
import { RuntimeApiError } from './runtime-api-error';
import { sendCommand } from './send-command';

describe('sendCommand', () => {
  let cli: FakeCli | undefined;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitless-send-'));
  });
  afterEach(async () => {
    await cli?.close();
    cli = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads until the server closes (stats socket style)', async () => {
    cli = await startFakeCli((line) => `got ${line}\n\n`);
    await expect(sendCommand(cli.path, 'show info')).resolves.toBe('got show info\n\n');
    expect(cli.received).toEqual(['show info']);
  });

  it('half-closes so a 2.6 master CLI, which waits for end of input, answers', async () => {
    cli = await startFakeCli((line) => `got ${line}\n`, { waitForEnd: true });
    await expect(sendCommand(cli.path, 'show proc', { timeoutMs: 1000 })).resolves.toBe('got show proc\n');
  });

  it('sends an explicit list as one line', async () => {
    cli = await startFakeCli(() => 'ok\n');
    await sendCommand(cli.path, ['show info', 'show stat']);
    expect(cli.received).toEqual(['show info; show stat']);
  });

  it('refuses an injected command without connecting', async () => {
    cli = await startFakeCli(() => 'ok\n');
    const error = await sendCommand(cli.path, 'show info; disable frontend fe').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeApiError);
    expect(error).toMatchObject({ reason: 'invalid-command', socketPath: cli.path });
    expect(cli.received).toEqual([]);
  });

  it('times out with socket and command in the error', async () => {
    cli = await startFakeCli(() => undefined);
    const error = await sendCommand(cli.path, 'show info', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'timeout', socketPath: cli.path, command: 'show info' });
    expect((error as Error).message).toContain(cli.path);
  });

  it('reports a missing socket as not-found', async () => {
    const path = join(dir, 'missing.sock');
    await expect(sendCommand(path, 'show info')).rejects.toMatchObject({ reason: 'not-found', socketPath: path });
  });

  it('reports a socket path nobody listens on as refused', async () => {
    // connect(2) to a path that is not a listening socket fails with ECONNREFUSED.
    const path = join(dir, 'stale.sock');
    writeFileSync(path, '');
    await expect(sendCommand(path, 'show info')).rejects.toMatchObject({ reason: 'refused', socketPath: path });
  });

  it('bounds the answer size', async () => {
    cli = await startFakeCli(() => 'x'.repeat(10_000));
    await expect(sendCommand(cli.path, 'show stat', { maxBytes: 100 })).rejects.toMatchObject({ reason: 'io' });
  });
});
