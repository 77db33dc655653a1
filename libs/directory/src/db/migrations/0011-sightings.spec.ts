import { Migrator, sql } from 'kysely';
import type { SyncRun } from '../../directory.port';
import { openDirectory } from '../../open-directory';
import { testDatabase, type TestDatabase } from '../../testing/engines';
import { canonicalUser, FakeAdapter } from '../../testing/fake-adapter';
import { openDatabase } from '../open-database';
import { migrationProvider } from './index';

/**
 * Sightings of unchanged users live in their own table; taking the migration
 * back must fold them into the users' rows, so that no user's last sighting
 * goes back in time and the next run's absence rule still sees them.
 */
describe('migration 0011-sightings', () => {
  // A migration is the same SQL on either engine: the run's server is the cheaper to open.
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase();
  }, 120_000);
  afterAll(() => database.release());

  it('down folds each sighting into its user row; up again reads the same', async () => {
    const adapter = new FakeAdapter('desk', 10);
    adapter.users = ['1', '2', '3'].map((id) => canonicalUser('desk', id));
    let directory = await openDirectory({ databaseUrl: database.url });
    let second: SyncRun;
    try {
      await (
        await directory.sync.start(adapter)
      ).done;
      adapter.users[2] = { ...adapter.users[2], role: 'admin' };
      second = (await (await directory.sync.start(adapter)).done) as SyncRun;
      expect(second.counts).toMatchObject({ updated: 1 });
    } finally {
      await directory.close();
    }

    const { db } = await openDatabase({ databaseUrl: database.url, maxConnections: 1 });
    try {
      const seen = await sql<{ id: string; seen: string; run: number }>`select u.id,
          greatest(u.last_seen_at, s.seen_at)::text as seen,
          greatest(u.last_sync_run_id, s.sync_run_id)::int as run
        from vendor_users u left join vendor_user_sightings s on s.user_id = u.id order by u.id`.execute(
        db,
      );
      // Two users only sighted, the changed one written: all three seen by the second run.
      expect(seen.rows.map((row) => row.run)).toEqual([second.id, second.id, second.id]);
      const sighted = await sql<{
        n: number;
      }>`select count(*)::int as n from vendor_user_sightings`.execute(db);
      expect(sighted.rows[0].n).toBe(2);

      const migrator = new Migrator({ db, provider: migrationProvider });
      // Down to the migration before it, through every migration that followed.
      const down = await migrator.migrateTo('0010-one-key-per-user');
      expect(down.error).toBeUndefined();
      expect(down.results?.map((result) => result.migrationName).slice(-1)).toEqual([
        '0011-sightings',
      ]);
      const folded = await sql<{ id: string; seen: string; run: number }>`select id,
          last_seen_at::text as seen, last_sync_run_id::int as run from vendor_users order by id`.execute(
        db,
      );
      expect(folded.rows).toEqual(seen.rows);
      const table = await sql<{
        name: string | null;
      }>`select to_regclass('vendor_user_sightings')::text as name`.execute(db);
      expect(table.rows[0].name).toBeNull();
    } finally {
      await db.destroy();
    }

    // Up again (at open): the users read as they did, and a third run deletes nobody.
    directory = await openDirectory({ databaseUrl: database.url });
    try {
      const users = await directory.users.list({ limit: 10 });
      expect(users.users.map((user) => user.lastSyncRunId)).toEqual([
        second.id,
        second.id,
        second.id,
      ]);
      const third = (await (await directory.sync.start(adapter)).done) as SyncRun;
      expect(third).toMatchObject({ outcome: 'succeeded', counts: { deleted: 0, usersRead: 3 } });
    } finally {
      await directory.close();
    }
  }, 120_000);
});
