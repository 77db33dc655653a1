import { Kysely, Migration, sql } from 'kysely';

/**
 * What a sync needs to never delete someone who exists and never undo a
 * gateway write: when each row was last written through the gateway, the
 * `incomplete` outcome and the deletion counts of a run, and the deletions a
 * run withheld for an operator.
 */
export const syncSafety: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      // The database's clock at the write-through of a gateway write: a sync page requested
      // before it may hold the vendor's data from before the write, and must not overwrite it.
      sql`alter table vendor_users add column written_at timestamptz`,
      sql`alter table sync_runs drop constraint sync_runs_outcome_check`,
      sql`alter table sync_runs add constraint sync_runs_outcome_check
        check (outcome in ('running', 'succeeded', 'incomplete', 'failed', 'abandoned'))`,
      sql`alter table sync_runs add column deletions_skipped integer not null default 0`,
      sql`alter table sync_runs add column deletions_withheld integer not null default 0`,
      sql`alter table sync_runs add column stale_skipped integer not null default 0`,
      // One row per absence a run did not act on; `resolution` stays null until an
      // operator's confirmation settles it (a failed check leaves it pending).
      sql`create table sync_withheld_deletions (
        run_id bigint not null references sync_runs (id) on delete cascade,
        user_id text not null,
        vendor text not null,
        vendor_id text not null,
        resolution text check (resolution in ('deleted', 'present', 'already_deleted')),
        resolved_at timestamptz,
        primary key (run_id, user_id)
      )`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`drop table if exists sync_withheld_deletions`,
      sql`alter table sync_runs drop column stale_skipped`,
      sql`alter table sync_runs drop column deletions_withheld`,
      sql`alter table sync_runs drop column deletions_skipped`,
      sql`alter table sync_runs drop constraint sync_runs_outcome_check`,
      sql`alter table sync_runs add constraint sync_runs_outcome_check
        check (outcome in ('running', 'succeeded', 'failed', 'abandoned'))`,
      sql`alter table vendor_users drop column written_at`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
