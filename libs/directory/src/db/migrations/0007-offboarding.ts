import { Kysely, Migration, sql } from 'kysely';

/**
 * Offboarding: plans (one step per account, as read live when planned) and
 * their one run each (one row per step, its outcome). A run's lease (owner
 * and expiry) lets another process take over a run whose process died.
 */
export const offboarding: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`create table offboarding_plans (
        id text primary key,
        status text not null check (status in ('building', 'ready', 'failed')),
        scope jsonb not null,
        delete_connections text[] not null default '{}',
        actor text,
        hash text,
        step_count integer not null default 0,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        build_lease_until timestamptz,
        error_code text,
        error_message text
      )`,
      sql`create table offboarding_plan_steps (
        plan_id text not null references offboarding_plans (id) on delete cascade,
        position integer not null,
        account text not null,
        connection text not null,
        vendor text not null,
        current_status text not null,
        action text not null check (action in ('deactivate', 'delete', 'none', 'unsupported')),
        reversible boolean not null,
        reason text,
        primary key (plan_id, position),
        unique (plan_id, account)
      )`,
      sql`create table offboarding_runs (
        id text primary key,
        plan_id text not null unique references offboarding_plans (id) on delete cascade,
        status text not null check (status in ('running', 'succeeded', 'partial', 'failed')),
        actor text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz,
        lease_owner text,
        lease_until timestamptz
      )`,
      sql`create table offboarding_run_steps (
        run_id text not null references offboarding_runs (id) on delete cascade,
        position integer not null,
        account text not null,
        connection text not null,
        action text not null,
        planned_status text not null,
        outcome text not null check (outcome in
          ('pending', 'succeeded', 'already_done', 'failed', 'unknown', 'skipped')),
        error_code text,
        retryable boolean,
        attempts integer not null default 0,
        attempted_at timestamptz,
        finished_at timestamptz,
        primary key (run_id, position)
      )`,
      // The executor pages a run's unfinished steps of one action in position order.
      sql`create index offboarding_run_steps_open on offboarding_run_steps (run_id, action, position)
        where outcome in ('pending', 'failed', 'unknown')`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'offboarding_run_steps',
      'offboarding_runs',
      'offboarding_plan_steps',
      'offboarding_plans',
    ])
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
  },
};
