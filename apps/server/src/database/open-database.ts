// DATABASE_URL when given, else embedded PostgreSQL; either way migrated before use.
import type { Logger } from '@hitless/log';
import { startEmbeddedDatabase } from './embedded-database';
import { migrate } from './migrate';
import { createSql, type Sql } from './sql-client';

export interface Database {
  sql: Sql;
  url: string;
  close(): Promise<void>;
}

export async function openDatabase(databaseUrl: string | undefined, log: Logger): Promise<Database> {
  const embedded = databaseUrl ? undefined : await startEmbeddedDatabase(log);
  const url = databaseUrl ?? embedded?.url ?? '';
  // Heartbeats, result reports, the scheduler's fenced writes and the API share this pool;
  // at five connections a batch of a 1,000-host rollout queued behind itself.
  const sql = createSql(url, { max: 10 });
  const close = async () => {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
  };
  try {
    const applied = await migrate(sql);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (error) {
    await close();
    throw error;
  }
  return { sql, url, close };
}
