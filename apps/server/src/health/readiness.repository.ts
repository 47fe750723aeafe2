// Whether the database answers, for /readyz: the migrated schema is readable.
import type { Sql } from '../database/sql-client';

export class ReadinessRepository {
  constructor(private readonly sql: Sql) {}

  /** Throws the driver's error when the database does not answer. */
  async check(): Promise<void> {
    await this.sql`SELECT 1 FROM schema_migrations LIMIT 1`;
  }
}
