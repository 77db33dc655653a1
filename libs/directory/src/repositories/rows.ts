import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type {
  ChangeEntry,
  EventEntry,
  EventKind,
  FeedEntry,
  StoredUser,
  SyncRun,
} from '../directory.port';
import type { ChangesTable, DB, SyncRunsTable, VendorUsersTable } from '../db/schema';

/**
 * Rows to the directory's own shapes. The row types are Kysely's, inferred
 * from db/schema.ts for the columns each query selects; int8 is already a
 * number (the pool parses it) and timestamptz a Date.
 */
export const toIso = (value: Date): string => value.toISOString();
export const toIsoOrNull = (value: Date | null): string | null =>
  value === null ? null : value.toISOString();

/**
 * A user's columns as every read of a user selects them, from its row joined
 * to its sighting (see `withSighting`): the last sighting is the later of the
 * row's own and the narrow table's (migration 0011).
 */
export const USER_COLUMNS = [
  'vendor_users.id',
  'vendor_users.canonical',
  'vendor_users.fingerprint',
  'vendor_users.first_seen_at',
  sql<Date>`greatest(vendor_users.last_seen_at, vendor_user_sightings.seen_at)`.as('last_seen_at'),
  'vendor_users.updated_at',
  'vendor_users.deleted_at',
  sql<number | null>`greatest(vendor_users.last_sync_run_id, vendor_user_sightings.sync_run_id)`.as(
    'last_sync_run_id',
  ),
  'vendor_users.scim_external_id',
  'vendor_users.scim_tombstoned_at',
] as const;

/** Joins each user's sighting, which USER_COLUMNS reads. */
export function withSighting<O>(select: SelectQueryBuilder<DB, 'vendor_users', O>) {
  return select.leftJoin(
    'vendor_user_sightings',
    'vendor_user_sightings.user_id',
    'vendor_users.id',
  );
}

export type UserRow = Pick<
  Selectable<VendorUsersTable>,
  | 'id'
  | 'canonical'
  | 'fingerprint'
  | 'first_seen_at'
  | 'last_seen_at'
  | 'updated_at'
  | 'deleted_at'
  | 'last_sync_run_id'
  | 'scim_external_id'
  | 'scim_tombstoned_at'
>;

export function toStoredUser(row: UserRow): StoredUser {
  return {
    // The vendor's own externalId wins; a SCIM client's is kept for vendors without one.
    user:
      row.scim_external_id !== null && (row.canonical.externalId ?? null) === null
        ? { ...row.canonical, externalId: row.scim_external_id }
        : row.canonical,
    fingerprint: row.fingerprint,
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.last_seen_at),
    changedAt: toIso(row.updated_at),
    deletedAt: toIsoOrNull(row.deleted_at),
    lastSyncRunId: row.last_sync_run_id,
    tombstonedAt: toIsoOrNull(row.scim_tombstoned_at),
  };
}

export const CHANGE_COLUMNS = [
  'sequence',
  'at',
  'user_id',
  'connection',
  'vendor',
  'vendor_id',
  'kind',
  'fields',
  'source',
  'sync_run_id',
  'identity_id',
  'connections',
  'details',
] as const;

export type ChangeRow = Pick<Selectable<ChangesTable>, (typeof CHANGE_COLUMNS)[number]>;

const USER_KINDS: ReadonlySet<string> = new Set([
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'deleted',
]);

/** A row of a user's change (every row the sync and write-through write). */
export function toChangeEntry(row: ChangeRow): ChangeEntry {
  return {
    sequence: row.sequence,
    at: toIso(row.at),
    userId: row.user_id as string,
    connection: row.connection as string,
    vendor: row.vendor as string,
    vendorId: row.vendor_id as string,
    kind: row.kind as ChangeEntry['kind'],
    fields: row.fields,
    source: row.source as ChangeEntry['source'],
    syncRunId: row.sync_run_id,
  };
}

/** Any row of the feed: a user's change, or an event about an identity or a run. */
export function toFeedEntry(row: ChangeRow): FeedEntry {
  if (USER_KINDS.has(row.kind)) return toChangeEntry(row);
  const event: EventEntry = {
    sequence: row.sequence,
    at: toIso(row.at),
    kind: row.kind as EventKind,
    identityId: row.identity_id,
    userId: row.user_id,
    connections: row.connections ?? [],
    details: row.details ?? {},
    source: row.source as EventEntry['source'],
    connection: null,
    vendor: null,
    vendorId: null,
    fields: {},
    syncRunId: null,
  };
  return event;
}

export const SYNC_RUN_COLUMNS = [
  'id',
  'connection',
  'vendor',
  'started_at',
  'finished_at',
  'heartbeat_at',
  'outcome',
  'users_read',
  'pages',
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'deleted',
  'rejected',
  'deletions_skipped',
  'deletions_withheld',
  'stale_skipped',
  'deletion_skipped',
  'error_code',
  'error_message',
] as const;

export type SyncRunRow = Pick<Selectable<SyncRunsTable>, (typeof SYNC_RUN_COLUMNS)[number]>;

export function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    connection: row.connection,
    vendor: row.vendor,
    startedAt: toIso(row.started_at),
    finishedAt: toIsoOrNull(row.finished_at),
    heartbeatAt: toIso(row.heartbeat_at),
    outcome: row.outcome,
    counts: {
      usersRead: row.users_read,
      pages: row.pages,
      created: row.created,
      updated: row.updated,
      deactivated: row.deactivated,
      reactivated: row.reactivated,
      deleted: row.deleted,
      rejected: row.rejected,
      deletionsSkipped: row.deletions_skipped,
      deletionsWithheld: row.deletions_withheld,
      staleSkipped: row.stale_skipped,
    },
    deletionSkipped: row.deletion_skipped,
    error:
      row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
  };
}
