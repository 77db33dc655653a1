import { Kysely, sql, Transaction } from 'kysely';
import type { FeedKind, OffboardingCompletedEvent } from '../directory.port';
import { transactionOf } from '../db/transaction';
import type { DirectoryTransaction } from '../directory.port';
import type { DB } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { CHANGE_COLUMNS, ChangeRow } from './rows';

/**
 * The change feed's lock: one transaction-scoped advisory lock, taken just
 * before a transaction draws its first `changes.sequence` and held to its
 * commit. A `bigserial` is drawn at insert and visible at commit, so without
 * it two writers can commit their sequences out of order and a reader paging
 * by `after=` passes the earlier one for ever. With it, writers of the feed
 * take turns: every sequence a transaction draws is below every sequence a
 * later holder draws, and the later holder draws only once the earlier one has
 * committed or rolled back (PostgreSQL releases a transaction's locks after
 * its commit is visible). Sequence order is commit order, so a reader that has
 * seen sequence n has seen, or will never see, everything below n.
 *
 * The same key is taken by a statement trigger on `changes` (migration
 * 0002-change-feed-lock), so a writer that does not come through
 * `appendChanges` is ordered all the same; the lock is re-entrant within a
 * transaction, so taking it twice costs nothing.
 */
export const CHANGE_FEED_LOCK_KEY = 7_562_001;

export function lockChangeFeedQuery() {
  return sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_FEED_LOCK_KEY)})`;
}

export interface ChangeInsert {
  /** The user columns are null only for an entry that is not a user's change. */
  user_id: string | null;
  connection: string | null;
  vendor: string | null;
  vendor_id: string | null;
  kind: FeedKind;
  fields: unknown;
  source: 'sync' | 'write' | 'reconciliation' | 'offboarding';
  sync_run_id: number | null;
  /** An event's identity, the connections it touches and its particulars (absent for a user's change). */
  identity_id?: string | null;
  connections?: readonly string[] | null;
  details?: Record<string, unknown> | null;
}

/**
 * Changes in one statement, in the given order (their sequence follows it); one
 * JSON parameter. The written rows come back only when `returning`.
 */
export function insertChangesQuery(db: Kysely<DB>, rows: ChangeInsert[], returning: boolean) {
  const insert = sql<ChangeRow>`insert into changes (at, user_id, connection, vendor, vendor_id, kind, fields, source,
      sync_run_id, identity_id, connections, details)
    select now(), i.user_id, i.connection, i.vendor, i.vendor_id, i.kind, i.fields, i.source, i.sync_run_id,
      i.identity_id, i.connections, i.details
    from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (user_id text,
        connection text, vendor text, vendor_id text, kind text, fields jsonb, source text, sync_run_id bigint,
        identity_id text, connections text[], details jsonb))
      with ordinality as i(user_id, connection, vendor, vendor_id, kind, fields, source, sync_run_id,
        identity_id, connections, details, n)
    order by i.n`;
  return returning
    ? sql<ChangeRow>`${insert} returning ${sql.join(CHANGE_COLUMNS.map((name) => sql.ref(name)))}`
    : insert;
}

/**
 * The one way into the change feed: takes the feed's lock, then inserts.
 *
 * Call it after the transaction's last row lock (its `select … for update`,
 * upserts and updates of `vendor_users`), and take no lock after it: the lock
 * serialises every writer of the feed, so a holder that then waited for a row
 * held by a transaction queued on this lock would deadlock with it. Taken
 * last, it is held only for the insert and the commit.
 */
export async function appendChanges(
  trx: Transaction<DB>,
  rows: ChangeInsert[],
  returning: boolean,
): Promise<ChangeRow[]> {
  if (rows.length === 0) return [];
  await lockChangeFeedQuery().execute(trx);
  const written = await insertChangesQuery(trx, rows, returning).execute(trx);
  return returning ? written.rows : [];
}

/**
 * Records that an offboarding run completed, as an entry of the change feed
 * (kind `offboarding_completed`), in the caller's transaction: it commits or
 * rolls back with the run's own rows. Call it last in that transaction (it
 * takes the feed's lock, see `appendChanges`). Returns the entry's sequence.
 */
export async function appendOffboardingCompleted(
  tx: DirectoryTransaction,
  event: OffboardingCompletedEvent,
): Promise<number> {
  if (event.connections.length === 0)
    throw new Error('An offboarding_completed event names at least one connection');
  const [row] = await appendChanges(
    transactionOf(tx),
    [
      {
        user_id: event.userId ?? null,
        connection: null,
        vendor: null,
        vendor_id: null,
        kind: 'offboarding_completed',
        fields: {},
        source: 'offboarding',
        sync_run_id: null,
        identity_id: event.identityId ?? null,
        connections: [...new Set(event.connections)].sort(),
        details: { ...event.details, runId: event.runId, planId: event.planId },
      },
    ],
    true,
  );
  return Number(row.sequence);
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  lock: () => lockChangeFeedQuery(),
  'insertChanges (returning nothing)': (db) => insertChangesQuery(db, [], false),
  'insertChanges (returning the rows)': (db) => insertChangesQuery(db, [], true),
} satisfies SqlExamples;
