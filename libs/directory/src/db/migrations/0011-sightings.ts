import { Kysely, Migration, sql } from 'kysely';

/**
 * A sync sees every user of a connection on every run, and most of them have
 * not changed. Stamping "seen by this run" on the wide `vendor_users` row
 * cost as much as writing the user again: PostgreSQL writes a new copy of the
 * whole row and, once the page is full, an entry in each of its indexes. The
 * sighting of an unchanged user goes here instead: one narrow row per user,
 * updated in place. No column of it is indexed but the key, and fillfactor 50
 * leaves room on every page for each row's next version, so an update is a
 * HOT update that touches no index.
 *
 * A user's last sighting is the later of its row's own (`last_seen_at`,
 * `last_sync_run_id`: written with every write of the row) and this one. No
 * foreign key: its check would lock the user's row on every sighting; rows
 * are written only for users that exist, and users are never deleted (a
 * deletion is a mark).
 */
export const sightings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create table vendor_user_sightings (
        user_id text primary key,
        sync_run_id bigint not null,
        seen_at timestamptz not null
      ) with (fillfactor = 50)`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    // The sightings fold back into the rows, so no "last seen" is lost.
    const statements = [
      sql`update vendor_users u
          set last_seen_at = greatest(u.last_seen_at, s.seen_at),
              last_sync_run_id = greatest(u.last_sync_run_id, s.sync_run_id)
         from vendor_user_sightings s where s.user_id = u.id`,
      sql`drop table vendor_user_sightings`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
