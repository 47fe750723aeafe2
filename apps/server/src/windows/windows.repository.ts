// Maintenance windows as stored; the spec is validated before it gets here.
import type { Sql, Tx } from '../database/sql-client';

export interface WindowRecord {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
}

interface Row {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  created_by: string;
  created_at: Date;
}

type Json = Parameters<Sql['json']>[0];

const toRecord = (row: Row): WindowRecord => ({ id: row.id, name: row.name, spec: row.spec, createdBy: row.created_by, createdAt: row.created_at });

export class WindowsRepository {
  constructor(private readonly sql: Sql) {}

  /** Undefined when the name is taken. */
  async insert(tx: Tx, id: string, name: string, spec: Record<string, unknown>, createdBy: string): Promise<WindowRecord | undefined> {
    const [row] = await tx<Row[]>`
      INSERT INTO maintenance_windows (id, name, spec, created_by) VALUES (${id}, ${name}, ${this.sql.json(spec as Json)}, ${createdBy})
      ON CONFLICT (name) DO NOTHING
      RETURNING id, name, spec, created_by, created_at`;
    return row ? toRecord(row) : undefined;
  }

  async list(): Promise<WindowRecord[]> {
    const rows = await this.sql<Row[]>`SELECT id, name, spec, created_by, created_at FROM maintenance_windows WHERE deleted_at IS NULL ORDER BY name`;
    return rows.map(toRecord);
  }

  /** Deleted windows too: a rollout bound to one still needs its hours. */
  async find(tx: Tx | Sql, id: string): Promise<WindowRecord | undefined> {
    const [row] = await tx<Row[]>`SELECT id, name, spec, created_by, created_at FROM maintenance_windows WHERE id = ${id}`;
    return row ? toRecord(row) : undefined;
  }

  async exists(id: string): Promise<boolean> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return false;
    const rows = await this.sql`SELECT 1 FROM maintenance_windows WHERE id = ${id} AND deleted_at IS NULL`;
    return rows.length === 1;
  }

  /** False when there is no such live window. */
  async delete(tx: Tx, id: string): Promise<boolean> {
    const rows = await tx`UPDATE maintenance_windows SET deleted_at = now() WHERE id = ${id} AND deleted_at IS NULL RETURNING id`;
    return rows.length === 1;
  }
}
