import { Kysely, sql, Transaction } from 'kysely';
import type { ChangeEntry, ChangeKind, StoredCanonicalUser } from '../directory.port';
import type { DB } from '../db/schema';
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
}

export interface SightingResult {
  counts: Record<ChangeKind, number>;
  changes: ChangeEntry[];
}

const emptyCounts = (): Record<ChangeKind, number> => ({
  created: 0,
  updated: 0,
  deactivated: 0,
  reactivated: 0,
  deleted: 0,
});

interface PriorRow {
  id: string;
  fingerprint: string;
  deleted_at: Date | null;
  canonical: Record<string, unknown> | null;
}

/** What the store holds for these ids; the canonical body only where the fingerprint moved (less to ship). */
export function priorStateQuery(db: Kysely<DB>, ids: string[], fingerprints: string[]) {
  return sql<PriorRow>`select u.id, u.fingerprint, u.deleted_at,
      case when u.fingerprint <> i.fingerprint or u.deleted_at is not null then u.canonical end as canonical
    from vendor_users u
    join unnest(${ids}::text[], ${fingerprints}::text[]) as i(id, fingerprint) on u.id = i.id
    for update of u`;
}

/**
 * The whole batch travels as one JSON parameter read by jsonb_to_recordset:
 * the statement text is the same for every batch (nothing compiled per row)
 * and JSON.stringify is the only serialisation (pg's text[] escaping of large
 * JSON values was the next hot spot in the profile).
 */
export function upsertUsersQuery(
  db: Kysely<DB>,
  users: { user: StoredCanonicalUser; fingerprint: string }[],
  runId: number | null,
) {
  const rows = JSON.stringify(users.map(({ user, fingerprint }) => userValues(user, fingerprint)));
  return sql`insert into vendor_users (id, vendor, vendor_id, email, first_name, last_name,
      display_name, status, role, canonical, fingerprint, first_seen_at, last_seen_at,
      updated_at, deleted_at, last_sync_run_id)
    select i.id, i.vendor, i.vendor_id, i.email, i.first_name, i.last_name, i.display_name,
      i.status, i.role, i.canonical, i.fingerprint, now(), now(), now(), null, ${runId}::bigint
    from jsonb_to_recordset(${rows}::jsonb) as i(id text, vendor text, vendor_id text,
      email text, first_name text, last_name text, display_name text, status text, role text,
      canonical jsonb, fingerprint text)
    on conflict (id) do update set
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
      last_sync_run_id = coalesce(excluded.last_sync_run_id, vendor_users.last_sync_run_id)`;
}

/** Users seen this run though the adapter could not map them: alive, so never deleted by it. */
export function touchSeenQuery(db: Kysely<DB>, ids: string[], runId: number) {
  return db
    .updateTable('vendor_users')
    .set({ last_seen_at: sql<Date>`now()`, last_sync_run_id: runId })
    .where('id', '=', sql<string>`any(${ids}::text[])`);
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
  const byId = new Map<string, StoredCanonicalUser>();
  for (const user of batch) byId.set(user.id, user);
  const users = [...byId.values()].map((user) => ({ user, fingerprint: fingerprintOf(user) }));
  const counts = emptyCounts();
  const changeRows: ChangeInsert[] = [];

  for (let start = 0; start < users.length; start += STATEMENT_ROWS) {
    const slice = users.slice(start, start + STATEMENT_ROWS);
    const prior = await priorStateQuery(
      trx,
      slice.map((entry) => entry.user.id),
      slice.map((entry) => entry.fingerprint),
    ).execute(trx);
    const priorById = new Map(prior.rows.map((row) => [row.id, row]));
    for (const { user, fingerprint } of slice) {
      const row = priorById.get(user.id);
      const state: PriorState | null = row
        ? {
            user: (row.canonical ?? {}) as unknown as StoredCanonicalUser,
            fingerprint: row.fingerprint,
            deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
          }
        : null;
      const change = diffUser(state, user, fingerprint);
      if (!change) continue;
      counts[change.kind]++;
      changeRows.push({
        user_id: user.id,
        vendor: user.vendor,
        vendor_id: user.vendorId,
        kind: change.kind,
        fields: change.fields,
        source: context.source,
        sync_run_id: context.runId,
      });
    }
    await upsertUsersQuery(trx, slice, context.runId).execute(trx);
  }
  const written = await appendChanges(trx, changeRows, context.returnChanges);
  return { counts, changes: written.map(toChangeEntry) };
}
