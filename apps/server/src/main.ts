// hitless-server: `run [--config FILE]` serves agents until SIGTERM/SIGINT;
// `join-token --host NAME [--ttl-minutes N] [--config FILE]` prints a single-use token.
import { parseArgs } from 'node:util';
import { createLogger } from '@hitless/log';
import { assertHostName } from '@hitless/pki';
import { ConfigError, loadServerConfig } from './config/server-config';
import { openDatabase } from './database/open-database';
import { JoinTokensRepository } from './enrollment/join-tokens.repository';
import { startServer } from './server-app';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string' }, host: { type: 'string' }, 'ttl-minutes': { type: 'string', default: '15' } },
  });
  const config = await loadServerConfig(values.config);
  const log = createLogger({ service: 'hitless-server', level: config.logLevel });
  switch (positionals[0]) {
    case 'run': {
      const server = await startServer(config, log);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      log.info('shutting down');
      await server.stop();
      return 0;
    }
    case 'join-token': {
      const host = assertHostName(values.host ?? '');
      if (!config.databaseUrl) throw new ConfigError(['databaseUrl: join-token needs the server database (DATABASE_URL)']);
      const database = await openDatabase(config.databaseUrl, log);
      try {
        const issued = await new JoinTokensRepository(database.sql).issue(host, Number(values['ttl-minutes']) * 60_000);
        process.stdout.write(`${JSON.stringify({ host, token: issued.token, expiresAt: issued.expiresAt.toISOString() })}\n`);
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      process.stderr.write('usage: hitless-server run [--config FILE] | join-token --host NAME [--ttl-minutes N] [--config FILE]\n');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
