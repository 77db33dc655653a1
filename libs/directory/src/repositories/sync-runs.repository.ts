import { Kysely, sql } from 'kysely';
import type { SyncCounts, SyncRun, SyncRunQuery, SyncRunRepository } from '../directory.port';
import type { DB } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { guard } from '../db/store-guard';
import { SYNC_RUN_COLUMNS, toIso, toSyncRun } from './rows';

export function listSyncRunsQuery(db: Kysely<DB>, query: SyncRunQuery) {
  let select = db
    .selectFrom('sync_runs')
    .select(SYNC_RUN_COLUMNS)
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.connections !== undefined && query.connections.length > 0)
    select = select.where('connection', 'in', [...query.connections]);
  if (query.before !== undefined) select = select.where('id', '<', query.before);
  return select;
}

export function getSyncRunQuery(db: Kysely<DB>, id: number) {
  return db.selectFrom('sync_runs').select(SYNC_RUN_COLUMNS).where('id', '=', id);
}

export function runningSyncRunsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('sync_runs')
    .select(SYNC_RUN_COLUMNS)
    .where('outcome', '=', 'running')
    .orderBy('connection');
}

/** An incomplete run stored everything it read (only its deletions were held back): the connection counts as synced. */
export function lastSuccessQuery(db: Kysely<DB>) {
  return db
    .selectFrom('sync_runs')
    .select(['connection', (eb) => eb.fn.max('finished_at').as('finished_at')])
    .where('outcome', 'in', ['succeeded', 'incomplete'])
    .groupBy('connection');
}

/**
 * Ends runs whose owner stopped renewing the lease (of one connection, or of
 * all), so the connection can be synced again and nobody reads a dead run as running.
 */
export function expireLeasesQuery(db: Kysely<DB>, connection: string | null, leaseMs: number) {
  let update = db
    .updateTable('sync_runs')
    .set({
      outcome: 'abandoned',
      finished_at: sql<Date>`now()`,
      error_code: 'lease_expired',
      error_message: `no progress for ${leaseMs} ms: its process stopped or hung; nobody was deleted`,
    })
    .where('outcome', '=', 'running')
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${leaseMs / 1000})`);
  if (connection !== null) update = update.where('connection', '=', connection);
  return update;
}

/** Takes the connection's lease: a row, unless the partial unique index says one is running. */
export function claimRunQuery(db: Kysely<DB>, connection: string, vendor: string) {
  return db
    .insertInto('sync_runs')
    .values({
      connection,
      vendor,
      started_at: sql<Date>`now()`,
      heartbeat_at: sql<Date>`now()`,
      outcome: 'running',
    })
    .onConflict((conflict) =>
      conflict.column('connection').where('outcome', '=', 'running').doNothing(),
    )
    .returning(SYNC_RUN_COLUMNS);
}

export function runningForVendorQuery(db: Kysely<DB>, connection: string) {
  return db
    .selectFrom('sync_runs')
    .select(SYNC_RUN_COLUMNS)
    .where('connection', '=', connection)
    .where('outcome', '=', 'running');
}

function countValues(counts: SyncCounts) {
  return {
    users_read: counts.usersRead,
    pages: counts.pages,
    created: counts.created,
    updated: counts.updated,
    deactivated: counts.deactivated,
    reactivated: counts.reactivated,
    deleted: counts.deleted,
    rejected: counts.rejected,
    deletions_skipped: counts.deletionsSkipped,
    deletions_withheld: counts.deletionsWithheld,
    stale_skipped: counts.staleSkipped,
  };
}

/** Progress and lease renewal in one statement; no row back means the lease was lost. */
export function renewLeaseQuery(db: Kysely<DB>, id: number, counts: SyncCounts) {
  return db
    .updateTable('sync_runs')
    .set({ ...countValues(counts), heartbeat_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('outcome', '=', 'running')
    .returning(SYNC_RUN_COLUMNS);
}

export function lockOwnRunQuery(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('sync_runs')
    .select(['id'])
    .where('id', '=', id)
    .where('outcome', '=', 'running')
    .forUpdate();
}

/**
 * A user the run may call absent: of its connection, not marked deleted, and not
 * seen since the run started (neither by this run nor by a write-through meanwhile),
 * by its row or by its sighting (see migration 0011).
 */
function absentSince(runId: number) {
  const started = sql`(select started_at from sync_runs where id = ${runId})`;
  return sql<boolean>`vendor_users.deleted_at is null
    and vendor_users.last_seen_at < ${started}
    and vendor_users.last_sync_run_id is distinct from ${runId}
    and not exists (select from vendor_user_sightings s where s.user_id = vendor_users.id
      and (s.sync_run_id = ${runId} or s.seen_at >= ${started}))`;
}

/** How many users the run would call absent, and how many the store holds for the connection. */
export function absenceCountsQuery(db: Kysely<DB>, connection: string, runId: number) {
  // Two counts, each in a WHERE: there the sighting's NOT EXISTS is planned
  // as one anti join, where in a FILTER it would be a lookup per user.
  return sql<{ absent: number; stored: number }>`select
      (select count(*) from vendor_users
        where connection = ${connection} and ${absentSince(runId)}) as absent,
      (select count(*) from vendor_users
        where connection = ${connection} and deleted_at is null) as stored`;
}

/** The first `limit` absent users by id: those whose absence the run confirms with a get each. */
export function absentUsersQuery(db: Kysely<DB>, connection: string, runId: number, limit: number) {
  return sql<{ id: string; vendor_id: string }>`select id, vendor_id from vendor_users
    where connection = ${connection} and ${absentSince(runId)}
    order by id limit ${limit}`;
}

/**
 * Marks these users deleted. With `stillAbsent`, only those still absent for
 * the run (a write or a sighting since the check keeps a user). `written_at`
 * moves too: a sync page requested before this moment may still list the
 * user, and must not bring it back. Their `deleted` changes are appended by
 * the caller, through the change feed's lock, once these rows are locked (see
 * appendChanges).
 */
export function markDeletedQuery(
  db: Kysely<DB>,
  connection: string,
  runId: number,
  ids: readonly string[],
  stillAbsent: boolean,
) {
  const absent = stillAbsent ? sql`and ${absentSince(runId)}` : sql`and deleted_at is null`;
  return sql<{
    id: string;
    connection: string;
    vendor: string;
    vendor_id: string;
    deleted_at: Date;
  }>`update vendor_users
       set deleted_at = now(), updated_at = now(), written_at = now()
     where connection = ${connection}
       and id = any(${ids}::text[])
       ${absent}
    returning id, connection, vendor, vendor_id, deleted_at`;
}

/**
 * Keeps the run's absent users it did not act on (all of them when the guard
 * held the deletion back; those beyond the confirmation bound otherwise) for
 * an operator's confirmation.
 */
export function withholdAbsentQuery(
  db: Kysely<DB>,
  connection: string,
  runId: number,
  handled: readonly string[],
) {
  return sql`insert into sync_withheld_deletions (run_id, user_id, connection, vendor, vendor_id)
    select ${runId}, id, connection, vendor, vendor_id from vendor_users
     where connection = ${connection} and ${absentSince(runId)}
       and not (id = any(${handled}::text[]))
    on conflict do nothing`;
}

/** Withheld deletions of a run an operator has not settled yet, in id order. */
export function pendingWithheldQuery(db: Kysely<DB>, runId: number, limit: number) {
  return db
    .selectFrom('sync_withheld_deletions')
    .select(['user_id', 'vendor_id'])
    .where('run_id', '=', runId)
    .where('resolution', 'is', null)
    .orderBy('user_id')
    .limit(limit);
}

export function countPendingWithheldQuery(db: Kysely<DB>, runId: number) {
  return db
    .selectFrom('sync_withheld_deletions')
    .select((eb) => eb.fn.countAll<number>().as('pending'))
    .where('run_id', '=', runId)
    .where('resolution', 'is', null);
}

/** Settles withheld deletions: each user id with its resolution. */
export function resolveWithheldQuery(
  db: Kysely<DB>,
  runId: number,
  ids: readonly string[],
  resolutions: readonly string[],
) {
  return sql`update sync_withheld_deletions w
       set resolution = i.resolution, resolved_at = now()
      from unnest(${ids}::text[], ${resolutions}::text[]) as i(user_id, resolution)
     where w.run_id = ${runId} and w.user_id = i.user_id and w.resolution is null`;
}

/**
 * Fresh planner statistics for the tables a sync just rewrote. A PostgreSQL
 * server's autovacuum would get there in time; the embedded PGlite has no
 * autovacuum, and without statistics a keyset page of 300 000 stored users
 * was planned as a scan and sort (454 ms a page instead of 7 ms).
 */
export function analyzeAfterSyncQuery() {
  return sql`analyze vendor_users, vendor_user_sightings, changes`;
}

export function finishRunQuery(
  db: Kysely<DB>,
  id: number,
  outcome: 'succeeded' | 'incomplete' | 'failed',
  counts: SyncCounts,
  extra: { deletionSkipped?: string | null; errorCode?: string; errorMessage?: string },
) {
  return db
    .updateTable('sync_runs')
    .set({
      ...countValues(counts),
      outcome,
      finished_at: sql<Date>`now()`,
      heartbeat_at: sql<Date>`now()`,
      deletion_skipped: extra.deletionSkipped ?? null,
      error_code: extra.errorCode ?? null,
      error_message: extra.errorMessage ?? null,
    })
    .where('id', '=', id)
    .where('outcome', '=', 'running')
    .returning(SYNC_RUN_COLUMNS);
}

export class KyselySyncRunRepository implements SyncRunRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly leaseMs: number,
  ) {}

  /** A crashed process's run would read as running until the next start: expire it first. */
  list(query: SyncRunQuery): Promise<SyncRun[]> {
    return guard(async () => {
      await expireLeasesQuery(this.db, null, this.leaseMs).execute();
      return (await listSyncRunsQuery(this.db, query).execute()).map(toSyncRun);
    });
  }

  get(id: number): Promise<SyncRun | null> {
    return guard(async () => {
      const row = await getSyncRunQuery(this.db, id).executeTakeFirst();
      return row ? toSyncRun(row) : null;
    });
  }

  running(): Promise<SyncRun[]> {
    return guard(async () => {
      await expireLeasesQuery(this.db, null, this.leaseMs).execute();
      return (await runningSyncRunsQuery(this.db).execute()).map(toSyncRun);
    });
  }

  lastSuccess(): Promise<Record<string, string>> {
    return guard(async () => {
      const rows = await lastSuccessQuery(this.db).execute();
      const result: Record<string, string> = {};
      for (const row of rows) if (row.finished_at) result[row.connection] = toIso(row.finished_at);
      return result;
    });
  }
}

const NO_COUNTS: SyncCounts = {
  usersRead: 0,
  pages: 0,
  created: 0,
  updated: 0,
  deactivated: 0,
  reactivated: 0,
  deleted: 0,
  rejected: 0,
  deletionsSkipped: 0,
  deletionsWithheld: 0,
  staleSkipped: 0,
};

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  list: (db) => listSyncRunsQuery(db, { connections: ['a'], before: 10, limit: 20 }),
  get: (db) => getSyncRunQuery(db, 1),
  running: (db) => runningSyncRunsQuery(db),
  lastSuccess: (db) => lastSuccessQuery(db),
  expireLeases: (db) => expireLeasesQuery(db, 'a', 120_000),
  'expireLeases (every connection)': (db) => expireLeasesQuery(db, null, 120_000),
  claimRun: (db) => claimRunQuery(db, 'a', 'a'),
  runningForVendor: (db) => runningForVendorQuery(db, 'a'),
  renewLease: (db) => renewLeaseQuery(db, 1, NO_COUNTS),
  lockOwnRun: (db) => lockOwnRunQuery(db, 1),
  absenceCounts: (db) => absenceCountsQuery(db, 'a', 1),
  absentUsers: (db) => absentUsersQuery(db, 'a', 1, 1000),
  'markDeleted (still absent)': (db) => markDeletedQuery(db, 'a', 1, ['a:1'], true),
  'markDeleted (confirmed by an operator)': (db) => markDeletedQuery(db, 'a', 1, ['a:1'], false),
  withholdAbsent: (db) => withholdAbsentQuery(db, 'a', 1, ['a:1']),
  pendingWithheld: (db) => pendingWithheldQuery(db, 1, 1000),
  countPendingWithheld: (db) => countPendingWithheldQuery(db, 1),
  resolveWithheld: (db) => resolveWithheldQuery(db, 1, ['a:1'], ['deleted']),
  analyze: () => analyzeAfterSyncQuery(),
  finishRun: (db) => finishRunQuery(db, 1, 'succeeded', NO_COUNTS, {}),
} satisfies SqlExamples;
