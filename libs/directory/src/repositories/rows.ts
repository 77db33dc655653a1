import type {
  ChangeEntry,
  ChangeKind,
  EventEntry,
  EventKind,
  FeedEntry,
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
}

export function toStoredUser(row: UserRow): StoredUser {
  return {
    user: row.canonical as unknown as StoredCanonicalUser,
    fingerprint: row.fingerprint,
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.last_seen_at),
    changedAt: toIso(row.updated_at),
    deletedAt: toIsoOrNull(row.deleted_at),
    lastSyncRunId: row.last_sync_run_id === null ? null : toNumber(row.last_sync_run_id),
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

export interface ChangeRow {
  sequence: string | number;
  at: Date;
  /** Null only on an entry that is not a user's change (the table's check says so). */
  user_id: string | null;
  connection: string | null;
  vendor: string | null;
  vendor_id: string | null;
  kind: string;
  fields: Record<string, { before: unknown; after: unknown }>;
  source: string;
  sync_run_id: string | number | null;
  identity_id: string | null;
  connections: string[] | null;
  details: Record<string, unknown> | null;
}

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
    sequence: toNumber(row.sequence),
    at: toIso(row.at),
    userId: row.user_id as string,
    connection: row.connection as string,
    vendor: row.vendor as string,
    vendorId: row.vendor_id as string,
    kind: row.kind as ChangeKind,
    fields: row.fields,
    source: row.source as ChangeEntry['source'],
    syncRunId: row.sync_run_id === null ? null : toNumber(row.sync_run_id),
  };
}

/** Any row of the feed: a user's change, or an event about an identity or a run. */
export function toFeedEntry(row: ChangeRow): FeedEntry {
  if (USER_KINDS.has(row.kind)) return toChangeEntry(row);
  const event: EventEntry = {
    sequence: toNumber(row.sequence),
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
