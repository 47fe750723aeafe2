// Test helper: a Unix socket that answers like HAProxy's CLI in
// non-interactive mode, so the socket clients can be unit-tested.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeCli {
  readonly path: string;
  /** Every line received, in order. */
  readonly received: string[];
  close(): Promise<void>;
}

/**
 * `answer` returns the reply for a line, or undefined to never reply.
 * With `waitForEnd` the server replies only after the client half-closes,
 * as a 2.6 master CLI does.
 */
export async function startFakeCli(answer: (line: string) => string | undefined, options: { waitForEnd?: boolean } = {}): Promise<FakeCli> {
  const dir = mkdtempSync(join(tmpdir(), 'hitless-fake-cli-'));
  const path = join(dir, 'cli.sock');
  const received: string[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    let buffer = '';
    let replied = false;
    const reply = () => {
      if (replied) return;
      const line = buffer.split('\n')[0];
      received.push(line);
      const text = answer(line);
      if (text === undefined) return;
      replied = true;
      socket.end(text);
    };
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (!options.waitForEnd && buffer.includes('\n')) reply();
    });
    socket.on('end', reply);
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    received,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connections a test left hanging must not keep the server open.
        for (const socket of open) socket.destroy();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
