import { sql } from 'kysely';
import { migratedDump } from '../testing/pglite';
import { openDatabase } from './open-database';

/**
 * PGlite reads the options of `new PGlite(dataDir, options)` only when
 * dataDir is a string: `new PGlite(undefined, { loadDataDir })` silently
 * starts an empty database (initdb, then every migration: ~4 s of CPU instead
 * of ~1.4 s). The store opens an in-memory PGlite from a dump here, and every
 * test file that opens one relies on it.
 */
it('opens an in-memory PGlite from the migrated dump instead of running initdb and the migrations', async () => {
  const dump = (await migratedDump()) as globalThis.Blob;
  const before = Date.now();
  const { db } = await openDatabase({ pgliteDump: dump });
  try {
    const { rows } = await sql<{
      name: string;
      timestamp: string;
    }>`select name, timestamp from kysely_migration order by name`.execute(db);
    expect(rows.length).toBeGreaterThan(0);
    // Every migration ran before this open (when the dump was made), none during it.
    for (const row of rows) expect(Date.parse(row.timestamp)).toBeLessThan(before);
  } finally {
    await db.destroy();
  }
}, 120_000);
