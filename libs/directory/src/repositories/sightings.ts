import { Kysely, sql, Transaction } from 'kysely';
import type { ChangeEntry, ChangeKind, StoredCanonicalUser } from '../directory.port';
import type { DB } from '../db/schema';
import { fingerprintOf } from '../sync/fingerprint';
import { diffUser, PriorState } from '../sync/user-diff';
import { CHANGE_COLUMNS, ChangeRow, toChangeEntry } from './rows';
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

export function upsertUsersQuery(
  db: Kysely<DB>,
  users: { user: StoredCanonicalUser; fingerprint: string }[],
  runId: number | null,
) {
  return db
    .insertInto('vendor_users')
    .values(
      users.map(({ user, fingerprint }) => ({
        ...userValues(user, fingerprint),
        first_seen_at: sql<Date>`now()`,
        last_seen_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
        deleted_at: null,
        last_sync_run_id: runId,
      })),
    )
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        email: (eb) => eb.ref('excluded.email'),
        first_name: (eb) => eb.ref('excluded.first_name'),
        last_name: (eb) => eb.ref('excluded.last_name'),
        display_name: (eb) => eb.ref('excluded.display_name'),
        status: (eb) => eb.ref('excluded.status'),
        role: (eb) => eb.ref('excluded.role'),
        canonical: (eb) => eb.ref('excluded.canonical'),
        fingerprint: (eb) => eb.ref('excluded.fingerprint'),
        last_seen_at: (eb) => eb.ref('excluded.last_seen_at'),
        // The directory's own "changed at": kept while nothing tracked changed.
        updated_at: sql<Date>`case when vendor_users.fingerprint = excluded.fingerprint
          and vendor_users.deleted_at is null then vendor_users.updated_at else excluded.updated_at end`,
        deleted_at: null,
        last_sync_run_id: sql<number>`coalesce(excluded.last_sync_run_id, vendor_users.last_sync_run_id)`,
      }),
    );
}

export function insertChangesQuery(
  db: Kysely<DB>,
  rows: {
    user_id: string;
    vendor: string;
    vendor_id: string;
    kind: ChangeKind;
    fields: string;
    source: 'sync' | 'write';
    sync_run_id: number | null;
  }[],
) {
  return db.insertInto('changes').values(rows.map((row) => ({ ...row, at: sql<Date>`now()` })));
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
 * appeared, changed, was deactivated or reactivated. Must run in a transaction.
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
  const changes: ChangeEntry[] = [];

  for (let start = 0; start < users.length; start += STATEMENT_ROWS) {
    const slice = users.slice(start, start + STATEMENT_ROWS);
    const prior = await priorStateQuery(
      trx,
      slice.map((entry) => entry.user.id),
      slice.map((entry) => entry.fingerprint),
    ).execute(trx);
    const priorById = new Map(prior.rows.map((row) => [row.id, row]));
    const changeRows: Parameters<typeof insertChangesQuery>[1] = [];
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
        fields: JSON.stringify(change.fields),
        source: context.source,
        sync_run_id: context.runId,
      });
    }
    await upsertUsersQuery(trx, slice, context.runId).execute();
    if (changeRows.length === 0) continue;
    if (context.returnChanges) {
      const written = await insertChangesQuery(trx, changeRows).returning(CHANGE_COLUMNS).execute();
      for (const row of written) changes.push(toChangeEntry(row as unknown as ChangeRow));
    } else {
      await insertChangesQuery(trx, changeRows).execute();
    }
  }
  return { counts, changes };
}
