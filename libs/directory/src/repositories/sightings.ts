import { Kysely, type RawBuilder, type Selectable, sql, Transaction } from 'kysely';
import type { ChangeEntry, ChangeKind, StoredCanonicalUser } from '../directory.port';
import type { DB, VendorUsersTable } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { fingerprintOf } from '../sync/fingerprint';
import { diffUser, PriorState } from '../sync/user-diff';
import { appendChanges, ChangeInsert } from './change-feed';
import { toChangeEntry } from './rows';
import { userValues } from './user-rows';

/** Rows per multi-row statement: 1 000 users × 15 columns stays far below PostgreSQL's 65 535 parameters. */
export const STATEMENT_ROWS = 1_000;

export interface SightingContext {
  source: 'sync' | 'write';
  runId: number | null;
  /** Return the written change entries (a single write wants its own; a sync batch does not). */
  returnChanges: boolean;
  /**
   * Sync only, one per user of the batch: the database's clock just before
   * the request that read the user was sent. A row written through the
   * gateway at or after that moment keeps what was written (the page may
   * predate the write) and the user is counted in `stale`.
   */
  readAts?: readonly string[];
  /**
   * Sync only, one per user of the batch where the adapter handed out its
   * items unmapped: the digest of the item the user was mapped from (null:
   * none). Kept with what is written, so the next sync recognises the item.
   */
  digests?: readonly (string | null)[];
}

export interface SightingResult {
  counts: Record<ChangeKind, number>;
  changes: ChangeEntry[];
  /** Users left as a later write-through wrote them (their data was read before it). */
  stale: number;
}

const emptyCounts = (): Record<ChangeKind, number> => ({
  created: 0,
  updated: 0,
  deactivated: 0,
  reactivated: 0,
  deleted: 0,
});

type PriorRow = Pick<Selectable<VendorUsersTable>, 'id' | 'fingerprint' | 'deleted_at'> & {
  canonical: Selectable<VendorUsersTable>['canonical'] | null;
  stale: boolean;
};

/**
 * What the store holds for these ids, locked for the write that follows; the
 * canonical body only where the fingerprint moved (less to ship); `stale`
 * where the row was written through the gateway at or after the moment the
 * sighting was requested (both times by the database's clock, compared here
 * at full precision).
 */
export function priorStateQuery(
  db: Kysely<DB>,
  ids: string[],
  fingerprints: string[],
  readAts: (string | null)[],
) {
  return sql<PriorRow>`select u.id, u.fingerprint, u.deleted_at,
      case when u.fingerprint <> i.fingerprint or u.deleted_at is not null then u.canonical end as canonical,
      coalesce(u.written_at >= i.read_at, false) as stale
    from vendor_users u
    join unnest(${ids}::text[], ${fingerprints}::text[], ${readAts}::timestamptz[])
      as i(id, fingerprint, read_at) on u.id = i.id
    for update of u`;
}

/** A user's sighting is replaced by the newer one, digest and all. */
const SIGHTING_CONFLICT = sql`on conflict (user_id) do update set
      sync_run_id = excluded.sync_run_id,
      seen_at = excluded.seen_at,
      digest = excluded.digest,
      fingerprint = excluded.fingerprint`;

/**
 * Stamps this run's sighting on the stored users joined to a page's items
 * (`items`: the join to `i`, which carries each item's `digest` and
 * `read_at`) that are live, not written through since the page was requested,
 * and `matching`; answers their ids. The sighting keeps the item's digest and
 * the row's fingerprint (see sightKnownQuery).
 */
function sightQuery(runId: number, items: RawBuilder<unknown>, matching: RawBuilder<unknown>) {
  return sql<{
    user_id: string;
  }>`insert into vendor_user_sightings (user_id, sync_run_id, seen_at, digest, fingerprint)
    select u.id, ${runId}::bigint, now(), i.digest, u.fingerprint
      from vendor_users u
      join ${items}
     where u.deleted_at is null
       and not coalesce(u.written_at >= i.read_at, false)
       and ${matching}
     order by u.id
    ${SIGHTING_CONFLICT}
    returning user_id`;
}

/**
 * A sync's first statement per slice: the users whose stored row already
 * says what the page says (same fingerprint, not deleted, not written through
 * since the page was requested) get a sighting, with the digest of the item
 * they were mapped from, and their ids come back; only the others are locked
 * and written. Their rows are not locked: a row that matches the page needs
 * no write whatever commits meanwhile. In id order, as recordSightingsQuery.
 */
export function sightUnchangedQuery(
  db: Kysely<DB>,
  ids: string[],
  fingerprints: string[],
  digests: (string | null)[],
  readAts: (string | null)[],
  runId: number,
) {
  return sightQuery(
    runId,
    sql`unnest(${ids}::text[], ${fingerprints}::text[], ${digests}::text[],
          ${readAts}::timestamptz[])
        as i(id, fingerprint, digest, read_at) on u.id = i.id`,
    sql`u.fingerprint = i.fingerprint`,
  );
}

/**
 * A sync's statement per page of unmapped items (`ListPage.sources`): the
 * users whose item is the very item the store already holds them as get a
 * sighting, and their ids come back; the caller maps only the rest. "The very
 * item": its digest is the one the row was last written from by a sync, or
 * the one a sighting found the row unchanged with while the row still has the
 * fingerprint it had then; and, as in sightUnchangedQuery, the row is not
 * deleted and not written through since the page was requested. Both digests
 * include the mapping's version, so the item maps to what the row holds, and
 * the answer is the one mapping it and comparing fingerprints would give. In
 * id order, as recordSightingsQuery.
 */
export function sightKnownQuery(
  db: Kysely<DB>,
  ids: string[],
  digests: string[],
  readAts: (string | null)[],
  runId: number,
) {
  return sightQuery(
    runId,
    sql`unnest(${ids}::text[], ${digests}::text[], ${readAts}::timestamptz[])
        as i(id, digest, read_at) on u.id = i.id
      left join vendor_user_sightings s on s.user_id = u.id`,
    sql`(u.source_digest = i.digest or (s.digest = i.digest and s.fingerprint = u.fingerprint))`,
  );
}

/**
 * "Seen by this run" for users whose rows stay as they are: the narrow
 * sightings table (see migration 0011), never the user's row. Only users the
 * store holds get one; in id order, so two runs of one connection (a run and
 * the run that took its lease over) lock them in the same order.
 */
export function recordSightingsQuery(db: Kysely<DB>, ids: readonly string[], runId: number) {
  return sql`insert into vendor_user_sightings (user_id, sync_run_id, seen_at)
    select u.id, ${runId}::bigint, now() from vendor_users u
    where u.id = any(${ids}::text[])
    order by u.id
    ${SIGHTING_CONFLICT}`;
}

/**
 * The whole batch travels as one JSON parameter read by jsonb_to_recordset:
 * the statement text is the same for every batch (nothing compiled per row)
 * and JSON.stringify is the only serialisation (pg's text[] escaping of large
 * JSON values was the next hot spot in the profile).
 */
export function upsertUsersQuery(
  db: Kysely<DB>,
  users: { user: StoredCanonicalUser; fingerprint: string; digest?: string | null }[],
  runId: number | null,
  source: 'sync' | 'write',
  onConflict: 'update' | 'skip' = 'update',
) {
  const rows = JSON.stringify(
    users.map(({ user, fingerprint, digest }) => userValues(user, fingerprint, digest)),
  );
  // A write-through stamps the row with the database's clock; a sync leaves the stamp as it is.
  const written = source === 'write' ? sql`now()` : sql`null`;
  const writtenOnConflict = source === 'write' ? sql`now()` : sql`vendor_users.written_at`;
  // `skip` inserts new users only and answers which it inserted (see applySightings).
  const conflict =
    onConflict === 'skip'
      ? sql`on conflict (id) do nothing returning id`
      : sql`on conflict (id) do update set
      email = excluded.email,
      first_name = excluded.first_name,
      last_name = excluded.last_name,
      display_name = excluded.display_name,
      status = excluded.status,
      role = excluded.role,
      canonical = excluded.canonical,
      fingerprint = excluded.fingerprint,
      last_seen_at = excluded.last_seen_at,
      -- The directory's own "changed at": kept while nothing tracked changed.
      updated_at = case when vendor_users.fingerprint = excluded.fingerprint
        and vendor_users.deleted_at is null then vendor_users.updated_at else excluded.updated_at end,
      deleted_at = null,
      last_sync_run_id = coalesce(excluded.last_sync_run_id, vendor_users.last_sync_run_id),
      written_at = ${writtenOnConflict},
      -- A write through the gateway brings none: the row is no longer what an item mapped to.
      source_digest = excluded.source_digest`;
  return sql<{
    id: string;
  }>`insert into vendor_users (id, connection, vendor, vendor_id, email, first_name, last_name,
      display_name, status, role, canonical, fingerprint, first_seen_at, last_seen_at,
      updated_at, deleted_at, last_sync_run_id, written_at, source_digest)
    select i.id, i.connection, i.vendor, i.vendor_id, i.email, i.first_name, i.last_name, i.display_name,
      i.status, i.role, i.canonical, i.fingerprint, now(), now(), now(), null, ${runId}::bigint,
      ${written}, i.source_digest
    from jsonb_to_recordset(${rows}::jsonb) as i(id text, connection text, vendor text, vendor_id text,
      email text, first_name text, last_name text, display_name text, status text, role text,
      canonical jsonb, fingerprint text, source_digest text)
    ${conflict}`;
}

interface Sighting {
  user: StoredCanonicalUser;
  readAt: string | null;
  fingerprint: string;
  digest: string | null;
}

/** The change (if any) a sighting makes against what the store held (null: nothing). */
function changeOf(entry: Sighting, row: PriorRow | undefined, context: SightingContext) {
  let state: PriorState | null = null;
  if (row) {
    // No body: the stored row is live with this very fingerprint, so nothing tracked changed.
    if (row.canonical === null) return null;
    state = {
      user: row.canonical,
      fingerprint: row.fingerprint,
      deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
    };
  }
  const change = diffUser(state, entry.user, entry.fingerprint);
  if (!change) return null;
  const { user } = entry;
  const insert: ChangeInsert = {
    user_id: user.id,
    connection: user.connection,
    vendor: user.vendor,
    vendor_id: user.vendorId,
    kind: change.kind,
    fields: change.fields,
    source: context.source,
    sync_run_id: context.runId,
  };
  return { kind: change.kind, row: insert };
}

/** What the store holds for these users, their rows locked for the write that follows. */
async function lockPrior(trx: Transaction<DB>, entries: readonly Sighting[]) {
  const prior = await priorStateQuery(
    trx,
    entries.map((entry) => entry.user.id),
    entries.map((entry) => entry.fingerprint),
    entries.map((entry) => entry.readAt),
  ).execute(trx);
  return new Map(prior.rows.map((row) => [row.id, row]));
}

/**
 * Writes one slice of sightings (at most STATEMENT_ROWS) and returns their
 * changes in the slice's order. New users are inserted first, and only the
 * rows this transaction inserted are `created`: when another transaction
 * (a write-through, a second process, a run that took a lease over) inserted
 * the same new user first, the insert waits for it, and the sighting is then
 * diffed against the row that won, as any existing user is.
 */
async function writeSlice(
  trx: Transaction<DB>,
  slice: readonly Sighting[],
  context: SightingContext,
): Promise<{ changes: { kind: ChangeKind; row: ChangeInsert }[]; stale: number }> {
  const priorById = await lockPrior(trx, slice);
  const created = new Set<string>();
  const absent = slice.filter((entry) => !priorById.has(entry.user.id));
  if (absent.length > 0) {
    const inserted = await upsertUsersQuery(
      trx,
      absent,
      context.runId,
      context.source,
      'skip',
    ).execute(trx);
    for (const row of inserted.rows) created.add(row.id);
    const lost = absent.filter((entry) => !created.has(entry.user.id));
    if (lost.length > 0) for (const [id, row] of await lockPrior(trx, lost)) priorById.set(id, row);
  }
  const existing = slice.filter(
    (entry) => !created.has(entry.user.id) && !priorById.get(entry.user.id)?.stale,
  );
  const stale = slice.length - created.size - existing.length;
  const written = new Set([...created, ...existing.map((entry) => entry.user.id)]);
  if (existing.length > 0)
    await upsertUsersQuery(trx, existing, context.runId, context.source).execute(trx);
  const changes: { kind: ChangeKind; row: ChangeInsert }[] = [];
  for (const entry of slice) {
    if (!written.has(entry.user.id)) continue;
    const change = changeOf(entry, priorById.get(entry.user.id), context);
    if (change) changes.push(change);
  }
  return { changes, stale };
}

/**
 * Stores one batch of sightings and writes a change for every user that
 * appeared, changed, was deactivated or reactivated. Must run in a
 * transaction, and takes the change feed's lock (its changes are appended
 * after every row of the batch is locked and written): take no row lock
 * after it in the same transaction.
 */
export async function applySightings(
  trx: Transaction<DB>,
  batch: readonly StoredCanonicalUser[],
  context: SightingContext,
): Promise<SightingResult> {
  // The last sighting of a user in the batch wins, with the time it was read.
  const byId = new Map<
    string,
    { user: StoredCanonicalUser; readAt: string | null; digest: string | null }
  >();
  batch.forEach((user, i) =>
    byId.set(user.id, {
      user,
      readAt: context.readAts?.[i] ?? null,
      digest: context.digests?.[i] ?? null,
    }),
  );
  const users: Sighting[] = [...byId.values()].map((entry) => ({
    ...entry,
    fingerprint: fingerprintOf(entry.user),
  }));
  const counts = emptyCounts();
  const changeRows: ChangeInsert[] = [];
  let stale = 0;

  for (let start = 0; start < users.length; start += STATEMENT_ROWS) {
    let slice = users.slice(start, start + STATEMENT_ROWS);
    if (context.source === 'sync' && context.runId !== null) {
      // Most users of a sync have not changed: a sighting stamps them, and
      // only the rest are locked and written.
      const sighted = await sightUnchangedQuery(
        trx,
        slice.map((entry) => entry.user.id),
        slice.map((entry) => entry.fingerprint),
        slice.map((entry) => entry.digest),
        slice.map((entry) => entry.readAt),
        context.runId,
      ).execute(trx);
      if (sighted.rows.length > 0) {
        const unchanged = new Set(sighted.rows.map((row) => row.user_id));
        slice = slice.filter((entry) => !unchanged.has(entry.user.id));
      }
      if (slice.length === 0) continue;
    }
    const written = await writeSlice(trx, slice, context);
    stale += written.stale;
    for (const change of written.changes) {
      counts[change.kind]++;
      changeRows.push(change.row);
    }
  }
  const written = await appendChanges(trx, changeRows, context.returnChanges);
  return { counts, changes: written.map(toChangeEntry), stale };
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  prior: (db) => priorStateQuery(db, ['a:1'], ['f'], [null]),
  sightUnchanged: (db) => sightUnchangedQuery(db, ['a:1'], ['f'], ['d'], [null], 1),
  sightKnown: (db) => sightKnownQuery(db, ['a:1'], ['d'], [null], 1),
  // The rows travel as one JSON parameter: the statement is the same for any batch.
  'upsert (sync)': (db) => upsertUsersQuery(db, [], 1, 'sync'),
  'upsert (write)': (db) => upsertUsersQuery(db, [], null, 'write'),
  'insert new (sync)': (db) => upsertUsersQuery(db, [], 1, 'sync', 'skip'),
  recordSightings: (db) => recordSightingsQuery(db, ['a:1'], 1),
} satisfies SqlExamples;
