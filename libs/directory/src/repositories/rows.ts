import type {
  ChangeEntry,
  ChangeKind,
  StoredCanonicalUser,
  StoredUser,
  SyncOutcome,
  SyncRun,
} from '../directory.port';

/** int8 arrives as a string from `pg` and as a number from PGlite. */
export const toNumber = (value: string | number | bigint): number => Number(value);
export const toIso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();
export const toIsoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : toIso(value);

export const USER_COLUMNS = [
  'id',
  'canonical',
  'fingerprint',
  'first_seen_at',
  'last_seen_at',
  'updated_at',
  'deleted_at',
  'last_sync_run_id',
  'scim_external_id',
  'scim_tombstoned_at',
] as const;

export interface UserRow {
  id: string;
  canonical: Record<string, unknown>;
  fingerprint: string;
  first_seen_at: Date;
  last_seen_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  last_sync_run_id: string | number | null;
  scim_external_id: string | null;
  scim_tombstoned_at: Date | null;
}

export function toStoredUser(row: UserRow): StoredUser {
  const user = row.canonical as unknown as StoredCanonicalUser;
  return {
    // The vendor's own externalId wins; a SCIM client's is kept for vendors without one.
    user:
      row.scim_external_id !== null && (user.externalId ?? null) === null
        ? { ...user, externalId: row.scim_external_id }
        : user,
    fingerprint: row.fingerprint,
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.last_seen_at),
    changedAt: toIso(row.updated_at),
    deletedAt: toIsoOrNull(row.deleted_at),
    lastSyncRunId: row.last_sync_run_id === null ? null : toNumber(row.last_sync_run_id),
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
] as const;

export interface ChangeRow {
  sequence: string | number;
  at: Date;
  user_id: string;
  connection: string;
  vendor: string;
  vendor_id: string;
  kind: string;
  fields: Record<string, { before: unknown; after: unknown }>;
  source: string;
  sync_run_id: string | number | null;
}

export function toChangeEntry(row: ChangeRow): ChangeEntry {
  return {
    sequence: toNumber(row.sequence),
    at: toIso(row.at),
    userId: row.user_id,
    connection: row.connection,
    vendor: row.vendor,
    vendorId: row.vendor_id,
    kind: row.kind as ChangeKind,
    fields: row.fields,
    source: row.source as ChangeEntry['source'],
    syncRunId: row.sync_run_id === null ? null : toNumber(row.sync_run_id),
  };
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

export interface SyncRunRow {
  id: string | number;
  connection: string;
  vendor: string;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
  outcome: string;
  users_read: number;
  pages: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  deleted: number;
  rejected: number;
  deletions_skipped: number;
  deletions_withheld: number;
  stale_skipped: number;
  deletion_skipped: string | null;
  error_code: string | null;
  error_message: string | null;
}

export function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: toNumber(row.id),
    connection: row.connection,
    vendor: row.vendor,
    startedAt: toIso(row.started_at),
    finishedAt: toIsoOrNull(row.finished_at),
    heartbeatAt: toIso(row.heartbeat_at),
    outcome: row.outcome as SyncOutcome,
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
