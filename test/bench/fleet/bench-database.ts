// One Postgres for the whole benchmark (DATABASE_URL, else an embedded one,
// never the machine's own 5432 by accident) and a fresh database in it per
// run, so each fleet size starts empty and its sizes are its own.
import { createSql } from '../../../apps/server/src/database/sql-client';
import { startTestDatabase, type TestDatabase } from '../../support/test-database';

export interface BenchPostgres {
  /** A new, empty database; `drop` removes it. */
  createDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }>;
  serverVersion(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(env: NodeJS.ProcessEnv = process.env): Promise<BenchPostgres> {
  const embedded: TestDatabase | undefined = env.DATABASE_URL ? undefined : await startTestDatabase();
  const adminUrl = env.DATABASE_URL ?? embedded!.url;
  const admin = createSql(adminUrl, { max: 1 });
  return {
    createDatabase: async (name) => {
      if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error(`database name '${name}' is not [a-z0-9_]`);
      await admin.unsafe(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { url: url.toString(), drop: async () => void (await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
    },
    serverVersion: async () => (await admin<{ server_version: string }[]>`SHOW server_version`)[0].server_version,
    stop: async () => {
      await admin.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}
