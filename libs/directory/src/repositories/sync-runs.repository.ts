import { Kysely, sql } from 'kysely';
import type { SyncCounts, SyncRun, SyncRunQuery, SyncRunRepository } from '../directory.port';
import type { DB } from '../db/schema';
import { guard } from '../db/store-guard';
import { SYNC_RUN_COLUMNS, SyncRunRow, toIso, toSyncRun } from './rows';

export function listSyncRunsQuery(db: Kysely<DB>, query: SyncRunQuery) {
  let select = db
    .selectFrom('sync_runs')
    .select(SYNC_RUN_COLUMNS)
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.vendor !== undefined) select = select.where('vendor', '=', query.vendor);
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
    .orderBy('vendor');
}

export function lastSuccessQuery(db: Kysely<DB>) {
  return db
    .selectFrom('sync_runs')
    .select(['vendor', (eb) => eb.fn.max('finished_at').as('finished_at')])
    .where('outcome', '=', 'succeeded')
    .groupBy('vendor');
}

/** Ends runs whose owner stopped renewing the lease, so the vendor can be synced again. */
export function expireLeasesQuery(db: Kysely<DB>, vendor: string, leaseMs: number) {
  return db
    .updateTable('sync_runs')
    .set({
      outcome: 'abandoned',
      finished_at: sql<Date>`now()`,
      error_code: 'lease_expired',
      error_message: `no progress for ${leaseMs} ms: its process stopped or hung; nobody was deleted`,
    })
    .where('vendor', '=', vendor)
    .where('outcome', '=', 'running')
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${leaseMs / 1000})`);
}

/** Takes the vendor's lease: a row, unless the partial unique index says one is running. */
export function claimRunQuery(db: Kysely<DB>, vendor: string) {
  return db
    .insertInto('sync_runs')
    .values({
      vendor,
      started_at: sql<Date>`now()`,
      heartbeat_at: sql<Date>`now()`,
      outcome: 'running',
    })
    .onConflict((conflict) =>
      conflict.column('vendor').where('outcome', '=', 'running').doNothing(),
    )
    .returning(SYNC_RUN_COLUMNS);
}

export function runningForVendorQuery(db: Kysely<DB>, vendor: string) {
  return db
    .selectFrom('sync_runs')
    .select(SYNC_RUN_COLUMNS)
    .where('vendor', '=', vendor)
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
 * The deletion rule: every user of the vendor not seen since the run started
 * (neither by this run nor by a write-through meanwhile) is marked deleted.
 * Their `deleted` changes are appended by the caller, through the change
 * feed's lock, once these rows are locked (see appendChanges).
 */
export function markAbsentDeletedQuery(db: Kysely<DB>, vendor: string, runId: number) {
  return sql<{
    id: string;
    vendor: string;
    vendor_id: string;
    deleted_at: Date;
  }>`update vendor_users
       set deleted_at = now(), updated_at = now()
     where vendor = ${vendor}
       and deleted_at is null
       and last_seen_at < (select started_at from sync_runs where id = ${runId})
       and last_sync_run_id is distinct from ${runId}
    returning id, vendor, vendor_id, deleted_at`;
}

/**
 * Fresh planner statistics for the tables a sync just rewrote. A PostgreSQL
 * server's autovacuum would get there in time; the embedded PGlite has no
 * autovacuum, and without statistics a keyset page of 300 000 stored users
 * was planned as a scan and sort (454 ms a page instead of 7 ms).
 */
export function analyzeAfterSyncQuery() {
  return sql`analyze vendor_users, changes`;
}

export function finishRunQuery(
  db: Kysely<DB>,
  id: number,
  outcome: 'succeeded' | 'failed',
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
  constructor(private readonly db: Kysely<DB>) {}

  list(query: SyncRunQuery): Promise<SyncRun[]> {
    return guard(async () =>
      ((await listSyncRunsQuery(this.db, query).execute()) as SyncRunRow[]).map(toSyncRun),
    );
  }

  get(id: number): Promise<SyncRun | null> {
    return guard(async () => {
      const row = await getSyncRunQuery(this.db, id).executeTakeFirst();
      return row ? toSyncRun(row as SyncRunRow) : null;
    });
  }

  running(): Promise<SyncRun[]> {
    return guard(async () =>
      ((await runningSyncRunsQuery(this.db).execute()) as SyncRunRow[]).map(toSyncRun),
    );
  }

  lastSuccess(): Promise<Record<string, string>> {
    return guard(async () => {
      const rows = await lastSuccessQuery(this.db).execute();
      const result: Record<string, string> = {};
      for (const row of rows) if (row.finished_at) result[row.vendor] = toIso(row.finished_at);
      return result;
    });
  }
}
