import { Kysely, Migration, sql } from 'kysely';

/** Every table of the directory. Each statement on its own: PGlite's extended protocol takes one at a time. */
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // fillfactor 90: every sync rewrites each row it sees (last seen); free room on
    // the page lets PostgreSQL do that as a HOT update, without touching indexes.
    const statements = [
      sql`create table vendor_users (
        id text primary key,
        vendor text not null,
        vendor_id text not null,
        email text,
        first_name text,
        last_name text,
        display_name text,
        status text not null,
        role text not null,
        canonical jsonb not null,
        fingerprint text not null,
        first_seen_at timestamptz not null,
        last_seen_at timestamptz not null,
        updated_at timestamptz not null,
        deleted_at timestamptz,
        last_sync_run_id bigint,
        unique (vendor, vendor_id)
      ) with (fillfactor = 90)`,
      sql`create index vendor_users_email on vendor_users (email text_pattern_ops)`,
      sql`create index vendor_users_first_name on vendor_users (lower(first_name) text_pattern_ops)`,
      sql`create index vendor_users_last_name on vendor_users (lower(last_name) text_pattern_ops)`,
      sql`create index vendor_users_display_name on vendor_users (lower(display_name) text_pattern_ops)`,
      sql`create index vendor_users_updated on vendor_users (updated_at, id)`,
      sql`create table sync_runs (
        id bigserial primary key,
        vendor text not null,
        started_at timestamptz not null,
        finished_at timestamptz,
        heartbeat_at timestamptz not null,
        outcome text not null check (outcome in ('running', 'succeeded', 'failed', 'abandoned')),
        users_read integer not null default 0,
        pages integer not null default 0,
        created integer not null default 0,
        updated integer not null default 0,
        deactivated integer not null default 0,
        reactivated integer not null default 0,
        deleted integer not null default 0,
        rejected integer not null default 0,
        deletion_skipped text,
        error_code text,
        error_message text
      )`,
      // The lease: at most one running run per vendor, whichever process holds it.
      sql`create unique index sync_runs_one_running on sync_runs (vendor) where outcome = 'running'`,
      sql`create index sync_runs_vendor on sync_runs (vendor, id)`,
      sql`create table changes (
        sequence bigserial primary key,
        at timestamptz not null,
        user_id text not null,
        vendor text not null,
        vendor_id text not null,
        kind text not null check (kind in ('created', 'updated', 'deactivated', 'reactivated', 'deleted')),
        fields jsonb not null,
        source text not null check (source in ('sync', 'write')),
        sync_run_id bigint
      )`,
      sql`create index changes_vendor on changes (vendor, sequence)`,
      sql`create table reconciliation_runs (
        id bigserial primary key,
        started_at timestamptz not null,
        finished_at timestamptz,
        outcome text not null check (outcome in ('running', 'succeeded', 'failed')),
        vendors_read jsonb not null,
        vendors_failed jsonb not null,
        users integer not null default 0,
        identities integer not null default 0,
        open_conflicts integer not null default 0,
        opened integer not null default 0,
        resolved integer not null default 0,
        summary jsonb,
        error text
      )`,
      sql`create unique index reconciliation_runs_one_running on reconciliation_runs (outcome) where outcome = 'running'`,
      sql`create table reconciliation_identities (
        run_id bigint not null references reconciliation_runs (id) on delete cascade,
        position integer not null,
        identity_id text not null,
        vendors text[] not null,
        emails text[] not null,
        conflict_types text[] not null,
        severities text[] not null,
        body jsonb not null,
        primary key (run_id, position)
      )`,
      sql`create table reconciliation_conflicts (
        id bigserial primary key,
        conflict_key text not null,
        identity_id text not null,
        type text not null,
        severity text not null,
        message text not null,
        evidence jsonb not null,
        members text[] not null,
        vendors text[] not null,
        vendor_pairs text[] not null,
        first_seen_run_id bigint not null,
        first_seen_at timestamptz not null,
        last_seen_run_id bigint not null,
        last_seen_at timestamptz not null,
        resolved_at timestamptz,
        resolved_run_id bigint
      )`,
      // One open row per conflict key: the row a later run extends or resolves.
      sql`create unique index reconciliation_conflicts_open on reconciliation_conflicts (conflict_key) where resolved_at is null`,
      sql`create index reconciliation_conflicts_identity on reconciliation_conflicts (identity_id)`,
      sql`create index reconciliation_conflicts_members on reconciliation_conflicts using gin (members)`,
      sql`create table idempotency_keys (
        key text primary key,
        state text not null check (state in ('in_flight', 'completed', 'unknown')),
        fingerprint text not null,
        response jsonb,
        expires_at timestamptz not null
      )`,
      sql`create index idempotency_keys_expiry on idempotency_keys (expires_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'reconciliation_conflicts',
      'reconciliation_identities',
      'reconciliation_runs',
      'changes',
      'sync_runs',
      'vendor_users',
    ])
      await db.schema.dropTable(table).ifExists().execute();
  },
};
