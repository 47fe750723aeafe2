import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations } from './migrate';

describe('migrations', () => {
  it('ships a gap-free numbered sequence', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0].name).toBe('agent_registry');
  });

  it('refuses a gap or a badly named file before touching the database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hitless-migrations-'));
    try {
      await writeFile(join(dir, '001_a.sql'), 'SELECT 1;');
      await writeFile(join(dir, '003_c.sql'), 'SELECT 1;');
      await expect(loadMigrations(dir)).rejects.toThrow(/out of sequence/);
      await writeFile(join(dir, '002-b.sql'), 'SELECT 1;');
      await expect(loadMigrations(dir)).rejects.toThrow(/NNN_name/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
