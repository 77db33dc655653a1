import { Kysely, Migration, sql } from 'kysely';

/**
 * The audit trail: `audit_records`, append-only and hash-chained, and
 * `audit_checkpoints`, where retention leaves the hash of the last record it
 * pruned so the chain still verifies from its new oldest end.
 *
 * - A statement trigger refuses every UPDATE and TRUNCATE, and every DELETE
 *   except inside a transaction that set `userbridge.audit_retention =
 *   'prune'` (only the retention job's transaction does, transaction-local).
 *   Checkpoints refuse all three.
 * - Every insert takes the change feed's transaction-scoped advisory lock
 *   (key 7562001, as 0002 does for `changes`) before any row draws its
 *   sequence: the writer that reads the chain's last hash holds the lock to
 *   its commit, so two writers (two processes on one server) can never link
 *   to the same previous record, and sequence order is chain order. The same
 *   key as the feed, not one of its own: a write-through appends its change
 *   and then its audit record in one transaction, and one re-entrant lock
 *   cannot be taken in two orders.
 *
 * The key and the setting are written out here, not imported: a migration
 * says what it did when it ran.
 */
export const audit: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`create table audit_records (
        seq bigserial primary key,
        write_id text not null,
        kind text not null check (kind in ('intent', 'outcome', 'event')),
        recorded_at timestamptz not null,
        request_id text,
        actor text not null,
        channel text not null,
        action text not null,
        target text,
        connection text,
        changes jsonb not null,
        details jsonb,
        outcome text check (outcome in ('succeeded', 'failed', 'unknown')),
        error_code text,
        idempotency_key text,
        offboarding_run_id text,
        prev_hash text not null,
        hash text not null
      )`,
      // One intent (or event) and at most one outcome per write; also the join of an entry's rows.
      sql`create unique index audit_records_write on audit_records (write_id, kind)`,
      sql`create index audit_records_recorded_at on audit_records (recorded_at)`,
      sql`create index audit_records_target on audit_records (target, seq)`,
      sql`create table audit_checkpoints (
        id bigserial primary key,
        created_at timestamptz not null default now(),
        pruned_through_seq bigint not null,
        anchor_hash text not null,
        pruned_records bigint not null
      )`,
      // Statement triggers: they fire even for a statement that matches no row, so every
      // UPDATE, DELETE or TRUNCATE is refused as a statement, whatever it would touch.
      sql`create function audit_append_only() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' and tg_table_name = 'audit_records'
             and current_setting('userbridge.audit_retention', true) = 'prune' then
            return null;
          end if;
          raise exception 'the audit trail is append-only: % on % is refused', tg_op, tg_table_name
            using errcode = 'insufficient_privilege';
        end
      $$`,
      sql`create trigger audit_records_append_only
        before update or delete or truncate on audit_records
        for each statement execute function audit_append_only()`,
      sql`create trigger audit_checkpoints_append_only
        before update or delete or truncate on audit_checkpoints
        for each statement execute function audit_append_only()`,
      sql`create function audit_chain_lock() returns trigger language plpgsql as $$
        begin
          perform pg_advisory_xact_lock(7562001);
          return null;
        end
      $$`,
      sql`create trigger audit_records_chain_lock before insert on audit_records
        for each statement execute function audit_chain_lock()`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop table if exists audit_checkpoints`.execute(db);
    await sql`drop table if exists audit_records`.execute(db);
    await sql`drop function if exists audit_chain_lock()`.execute(db);
    await sql`drop function if exists audit_append_only()`.execute(db);
  },
};
