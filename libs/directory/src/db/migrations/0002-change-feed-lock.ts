import { Kysely, Migration, sql } from 'kysely';

/**
 * Every statement that inserts into `changes` first takes the change feed's
 * transaction-scoped advisory lock (key 7562001, CHANGE_FEED_LOCK_KEY in
 * repositories/change-feed.ts), before any of its rows draws a sequence: a
 * BEFORE … FOR EACH STATEMENT trigger runs before the statement's first row.
 * The repositories take the lock themselves (appendChanges); this makes the
 * feed's ordering hold for any writer, including one that forgets. The key
 * is written out here, not imported: a migration says what it did when it ran.
 */
export const changeFeedLock: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create function changes_feed_lock() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(7562001);
        return null;
      end
    $$`.execute(db);
    await sql`create trigger changes_feed_lock before insert on changes
      for each statement execute function changes_feed_lock()`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop trigger if exists changes_feed_lock on changes`.execute(db);
    await sql`drop function if exists changes_feed_lock()`.execute(db);
  },
};
