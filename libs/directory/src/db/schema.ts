import type { ColumnType, Generated } from 'kysely';

/**
 * The typed shape of every table, as Kysely sees it. int8 columns arrive as
 * strings from `pg` and as numbers from PGlite: repositories convert with Number().
 * timestamptz arrives as a Date from both.
 */
type Int8 = ColumnType<string | number, number | string, number | string>;
type Serial = ColumnType<string | number, never, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface VendorUsersTable {
  id: string;
  /** The connection (one account at one vendor): with vendor_id, the row's natural key. */
  connection: string;
  /** The vendor kind. */
  vendor: string;
  vendor_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  status: string;
  role: string;
  canonical: Json<Record<string, unknown>>;
  fingerprint: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  last_sync_run_id: Int8 | null;
  /** The database's clock when a gateway write was last written through (null: never). */
  written_at: Generated<Date | null>;
  /**
   * A SCIM client's externalId for a vendor with no field of its own. Never
   * inserted (a row is created by a sighting; SCIM sets it afterwards), never
   * written by a sync.
   */
  scim_external_id: ColumnType<string | null, never, string | null>;
  /** When a SCIM DELETE tombstoned the account; like scim_external_id, set by SCIM only. */
  scim_tombstoned_at: ColumnType<Date | null, never, Date | null>;
}

export interface SyncRunsTable {
  id: Serial;
  connection: string;
  vendor: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp;
  outcome: string;
  users_read: Generated<number>;
  pages: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  deactivated: Generated<number>;
  reactivated: Generated<number>;
  deleted: Generated<number>;
  rejected: Generated<number>;
  deletions_skipped: Generated<number>;
  deletions_withheld: Generated<number>;
  stale_skipped: Generated<number>;
  deletion_skipped: string | null;
  error_code: string | null;
  error_message: string | null;
}

export interface ChangesTable {
  sequence: Serial;
  at: Timestamp;
  user_id: string;
  connection: string;
  vendor: string;
  vendor_id: string;
  kind: string;
  fields: Json<Record<string, { before: unknown; after: unknown }>>;
  source: string;
  sync_run_id: Int8 | null;
}

export interface ReconciliationRunsTable {
  id: Serial;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  outcome: string;
  vendors_read: Json<string[]>;
  vendors_failed: Json<{ vendor: string; code: string; message: string }[]>;
  users: Generated<number>;
  identities: Generated<number>;
  open_conflicts: Generated<number>;
  opened: Generated<number>;
  resolved: Generated<number>;
  summary: Json<Record<string, unknown>> | null;
  error: string | null;
}

export interface ReconciliationIdentitiesTable {
  run_id: Int8;
  position: number;
  identity_id: string;
  connections: string[];
  vendors: string[];
  emails: string[];
  conflict_types: string[];
  severities: string[];
  body: Json<Record<string, unknown>>;
}

export interface ReconciliationConflictsTable {
  id: Serial;
  conflict_key: string;
  identity_id: string;
  type: string;
  severity: string;
  message: string;
  evidence: Json<Record<string, unknown>>;
  members: string[];
  connections: string[];
  connection_pairs: string[];
  first_seen_run_id: Int8;
  first_seen_at: Timestamp;
  last_seen_run_id: Int8;
  last_seen_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_run_id: Int8 | null;
}

export interface IdempotencyKeysTable {
  key: string;
  state: string;
  fingerprint: string;
  response: Json<{ status: number; body: unknown }> | null;
  expires_at: Timestamp;
}

export interface SyncWithheldDeletionsTable {
  run_id: Int8;
  user_id: string;
  connection: string;
  vendor: string;
  vendor_id: string;
  resolution: string | null;
  resolved_at: Timestamp | null;
}

export interface DB {
  vendor_users: VendorUsersTable;
  sync_runs: SyncRunsTable;
  sync_withheld_deletions: SyncWithheldDeletionsTable;
  changes: ChangesTable;
  reconciliation_runs: ReconciliationRunsTable;
  reconciliation_identities: ReconciliationIdentitiesTable;
  reconciliation_conflicts: ReconciliationConflictsTable;
  idempotency_keys: IdempotencyKeysTable;
}
