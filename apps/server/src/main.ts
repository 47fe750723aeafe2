// hitless-server: `run [--config FILE]` serves agents, the REST API and the
// scheduler until SIGTERM/SIGINT; `join-token --host NAME [--ttl-minutes N]`
// prints a single-use join token; `api-token --name N --role R` prints a new API
// token (the way to get the first admin token).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createLogger } from '@hitless/log';
import { assertHostName } from '@hitless/pki';
import { SERVER_CLI } from './audit/audit-actor';
import { ROLES, type Role } from './auth/roles';
import { composeServer, composeTools } from './compose';
import { ConfigError, loadServerConfig } from './config/server-config';

const USAGE = 'usage: hitless-server run [--config FILE] | join-token --host NAME [--ttl-minutes N] | api-token --name NAME --role viewer|operator|admin\n';
const COMMANDS = ['run', 'join-token', 'api-token'];

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      host: { type: 'string' },
      'ttl-minutes': { type: 'string', default: '15' },
      name: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  // Before the configuration: asking for help needs none.
  if (values.help || positionals[0] === 'help' || !COMMANDS.includes(positionals[0] ?? '')) {
    (values.help || positionals[0] === 'help' ? process.stdout : process.stderr).write(USAGE);
    return values.help || positionals[0] === 'help' ? 0 : 2;
  }
  const config = await loadServerConfig(values.config);
  const log = createLogger({ service: 'hitless-server', level: config.logLevel });
  switch (positionals[0]) {
    case 'run': {
      const server = await composeServer(config, log);
      // Tests and supervisors read the bound ports from this line; httpsCaFile is what clients trust (`hitless --ca-file`).
      process.stdout.write(`${JSON.stringify({ grpcPort: server.grpcPort, httpPort: server.httpPort, httpScheme: server.httpScheme, httpsCaFile: server.httpsCaFile })}\n`);
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
      const tools = await composeTools(config.databaseUrl, log);
      try {
        const issued = await tools.joinTokens.issue(host, Number(values['ttl-minutes']) * 60_000, SERVER_CLI);
        process.stdout.write(`${JSON.stringify({ host, token: issued.token, expiresAt: issued.expiresAt.toISOString() })}\n`);
      } finally {
        await tools.close();
      }
      return 0;
    }
    case 'api-token': {
      const role = values.role as Role;
      if (!ROLES.includes(role) || !values.name) throw new ConfigError([`api-token needs --name NAME and --role ${ROLES.join('|')}`]);
      if (!config.databaseUrl) throw new ConfigError(['databaseUrl: api-token needs the server database (DATABASE_URL)']);
      const tools = await composeTools(config.databaseUrl, log);
      try {
        const { token, record } = await tools.apiTokens.create({ name: values.name, role }, SERVER_CLI);
        process.stdout.write(`${JSON.stringify({ id: record.id, name: record.name, role, token })}\n`);
      } finally {
        await tools.close();
      }
      return 0;
    }
    default:
      process.stderr.write(USAGE);
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
