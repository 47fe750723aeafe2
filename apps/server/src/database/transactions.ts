// How services open a transaction: they hand `tx` to repositories and never
// write SQL themselves, so every query stays in a repository.
import type { Sql, Tx } from './sql-client';

export class Transactions {
  constructor(private readonly sql: Sql) {}

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.sql.begin(work) as Promise<T>;
  }
}
