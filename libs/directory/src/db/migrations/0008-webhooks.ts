import { Kysely, Migration, sql } from 'kysely';

/**
 * Webhooks: endpoints (each with its own cursor in the change feed), the
 * messages made from feed entries (the outbox senders claim with a lease)
 * and every delivery attempt.
 *
 * The change feed also carries events that are not one user's change: an
 * offboarding gap opened or resolved by a stored reconciliation, and an
 * offboarding run completed. Such an entry names an identity (and sometimes a
 * user), the connections it touches (`connections`) and its particulars
 * (`details`); the user columns of the feed may be null for it. A user's
 * change keeps `connections` null (its `connection` says it). Each statement
 * on its own: PGlite's extended protocol takes one at a time.
 */
export const webhooks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table changes drop constraint changes_kind_check`,
      sql`alter table changes add constraint changes_kind_check check (kind in ('created', 'updated',
        'deactivated', 'reactivated', 'deleted', 'gap_opened', 'gap_resolved', 'offboarding_completed'))`,
      sql`alter table changes drop constraint changes_source_check`,
      sql`alter table changes add constraint changes_source_check
        check (source in ('sync', 'write', 'reconciliation', 'offboarding'))`,
      sql`alter table changes alter column user_id drop not null`,
      sql`alter table changes alter column connection drop not null`,
      sql`alter table changes alter column vendor drop not null`,
      sql`alter table changes alter column vendor_id drop not null`,
      sql`alter table changes add column identity_id text`,
      sql`alter table changes add column connections text[]`,
      sql`alter table changes add column details jsonb`,
      // A user's change names its user and connection; any other entry names the connections it touches.
      sql`alter table changes add constraint changes_subject_check check (
        (kind in ('created', 'updated', 'deactivated', 'reactivated', 'deleted')
          and user_id is not null and connection is not null and vendor is not null and vendor_id is not null)
        or (kind not in ('created', 'updated', 'deactivated', 'reactivated', 'deleted')
          and connection is null and connections is not null))`,

      sql`create table webhook_endpoints (
        id text primary key,
        url text not null,
        description text,
        events text[],
        connections text[],
        owner_label text not null,
        owner_connections text[],
        secret text not null,
        previous_secret text,
        previous_secret_until timestamptz,
        enabled boolean not null default true,
        disabled_reason text,
        disabled_at timestamptz,
        feed_cursor bigint not null,
        failing_since timestamptz,
        last_success_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      sql`create table webhook_messages (
        id bigserial primary key,
        endpoint_id text not null references webhook_endpoints (id) on delete cascade,
        webhook_id text not null,
        event_type text not null,
        sequence bigint,
        body text not null,
        status text not null check (status in ('pending', 'delivered', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null,
        lease_until timestamptz,
        lease_owner text,
        created_at timestamptz not null,
        finished_at timestamptz,
        last_error text
      )`,
      // Replay finds the message of a sequence again and sends it with the same webhook-id.
      sql`create unique index webhook_messages_sequence on webhook_messages (endpoint_id, sequence)`,
      // Senders look for each endpoint's oldest pending message.
      sql`create index webhook_messages_pending on webhook_messages (endpoint_id, id) where status = 'pending'`,
      sql`create index webhook_messages_endpoint on webhook_messages (endpoint_id, id)`,
      sql`create index webhook_messages_finished on webhook_messages (finished_at) where status <> 'pending'`,
      sql`create table webhook_attempts (
        id bigserial primary key,
        message_id bigint not null references webhook_messages (id) on delete cascade,
        endpoint_id text not null,
        attempted_at timestamptz not null,
        duration_ms integer not null,
        status_code integer,
        outcome text not null,
        error text
      )`,
      sql`create index webhook_attempts_message on webhook_attempts (message_id, id)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
