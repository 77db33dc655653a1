import type { CanonicalRole, UserStatus } from '@userbridge/canonical';
import type {
  ConflictType,
  ReconcileSummary,
  Severity,
  VendorFailure,
} from '@userbridge/reconciliation';
import type { ColumnType, Generated } from 'kysely';
import type {
  FeedKind,
  FieldChange,
  ReconciliationRun,
  StoredCanonicalUser,
  StoredIdentity,
  SyncOutcome,
  WithheldOutcome,
} from '../directory.port';
import type { StoredResponse } from '../idempotency.port';

/**
 * Every table as Kysely sees it; query results are typed from here
 * (`Selectable<…>`, a query's own `select`), never re-declared by hand.
 *
 * - int8 (bigint, bigserial, count(*)) is a number on both engines: the pool
 *   parses it (see int8.ts); a bigserial is `Generated`, the database draws it.
 * - timestamptz is a Date from both engines (a PGlite Date may come from
 *   another realm: read it with its methods, never `instanceof`); Kysely
 *   accepts a Date or ISO text in.
 * - jsonb comes back parsed; it goes in as JSON text.
 * - A text column with a CHECK constraint, or written only from a typed value,
 *   carries that value's type.
 */
type Int8 = number;
type Serial = Generated<number>;
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
  status: UserStatus;
  role: CanonicalRole;
  /** The canonical user as stored (never vendorData). */
  canonical: Json<StoredCanonicalUser>;
  fingerprint: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  last_sync_run_id: Int8 | null;
  /** The database's clock when a gateway write was last written through (null: never). */
  written_at: Generated<Date | null>;
  /** The digest of the vendor item a sync last wrote this row from; null after a gateway write (migration 0012). */
  source_digest: Generated<string | null>;
  /**
   * A SCIM client's externalId for a vendor with no field of its own. Never
   * inserted (a row is created by a sighting; SCIM sets it afterwards), never
   * written by a sync.
   */
  scim_external_id: ColumnType<string | null, never, string | null>;
  /** When a SCIM DELETE tombstoned the account; like scim_external_id, set by SCIM only. */
  scim_tombstoned_at: ColumnType<Date | null, never, Date | null>;
}

/**
 * The last sync sighting of a user whose row the sync did not write (it had
 * not changed). A user's last sighting is the later of this and its row's
 * `last_seen_at` / `last_sync_run_id` (see migration 0011).
 */
export interface VendorUserSightingsTable {
  user_id: string;
  sync_run_id: Int8;
  seen_at: Timestamp;
  /** The item's digest this sighting found the user unchanged with (migration 0012). */
  digest: Generated<string | null>;
  /** The row's fingerprint then: the digest speaks for the row while it keeps it. */
  fingerprint: Generated<string | null>;
}

export interface SyncRunsTable {
  id: Serial;
  connection: string;
  vendor: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp;
  outcome: SyncOutcome;
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
  /** The user columns are null only on an entry that is not a user's change (gap, offboarding). */
  user_id: string | null;
  connection: string | null;
  vendor: string | null;
  vendor_id: string | null;
  kind: FeedKind;
  fields: Json<Record<string, FieldChange>>;
  source: 'sync' | 'write' | 'reconciliation' | 'offboarding';
  sync_run_id: Int8 | null;
  identity_id: string | null;
  connections: string[] | null;
  details: Json<Record<string, unknown>> | null;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  events: string[] | null;
  connections: string[] | null;
  owner_label: string;
  owner_connections: string[] | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Timestamp | null;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  feed_cursor: Int8;
  failing_since: Timestamp | null;
  last_success_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookMessagesTable {
  id: Serial;
  endpoint_id: string;
  webhook_id: string;
  event_type: string;
  sequence: Int8 | null;
  body: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  lease_owner: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  id: Serial;
  message_id: Int8;
  endpoint_id: string;
  attempted_at: Timestamp;
  duration_ms: number;
  status_code: number | null;
  outcome: string;
  error: string | null;
}

export interface ReconciliationRunsTable {
  id: Serial;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  outcome: ReconciliationRun['outcome'];
  vendors_read: Json<string[]>;
  vendors_failed: Json<VendorFailure[]>;
  users: Generated<number>;
  identities: Generated<number>;
  open_conflicts: Generated<number>;
  opened: Generated<number>;
  resolved: Generated<number>;
  summary: Json<ReconcileSummary> | null;
  error: string | null;
}

export interface ReconciliationIdentitiesTable {
  run_id: Int8;
  position: number;
  identity_id: string;
  connections: string[];
  vendors: string[];
  emails: string[];
  conflict_types: ConflictType[];
  severities: Severity[];
  body: Json<StoredIdentity>;
}

export interface ReconciliationConflictsTable {
  id: Serial;
  conflict_key: string;
  identity_id: string;
  type: ConflictType;
  severity: Severity;
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
  state: 'in_flight' | 'completed' | 'unknown';
  fingerprint: string;
  response: Json<StoredResponse> | null;
  expires_at: Timestamp;
}

export interface SyncWithheldDeletionsTable {
  run_id: Int8;
  user_id: string;
  connection: string;
  vendor: string;
  vendor_id: string;
  resolution: Exclude<WithheldOutcome, 'unconfirmed'> | null;
  resolved_at: Timestamp | null;
}

export interface AuditRecordsTable {
  seq: Serial;
  write_id: string;
  kind: string;
  recorded_at: Timestamp;
  request_id: string | null;
  actor: string;
  channel: string;
  action: string;
  target: string | null;
  connection: string | null;
  changes: Json<Record<string, { before: unknown; after: unknown }>>;
  details: Json<Record<string, unknown>> | null;
  outcome: string | null;
  error_code: string | null;
  idempotency_key: string | null;
  offboarding_run_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  id: Serial;
  created_at: Generated<Date>;
  pruned_through_seq: Int8;
  anchor_hash: string;
  pruned_records: Int8;
}

export interface OffboardingPlansTable {
  id: string;
  status: string;
  /** What the plan covers: `{ identity }`, `{ account }` or `{ gaps: {...} }`. */
  scope: Json<Record<string, unknown>>;
  delete_connections: string[];
  actor: string | null;
  hash: string | null;
  step_count: Generated<number>;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  build_lease_until: Timestamp | null;
  error_code: string | null;
  error_message: string | null;
}

export interface OffboardingPlanStepsTable {
  plan_id: string;
  position: number;
  account: string;
  connection: string;
  vendor: string;
  current_status: string;
  action: string;
  reversible: boolean;
  reason: string | null;
}

export interface OffboardingRunsTable {
  id: string;
  plan_id: string;
  status: string;
  actor: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Timestamp | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
}

export interface OffboardingRunStepsTable {
  run_id: string;
  position: number;
  account: string;
  connection: string;
  action: string;
  planned_status: string;
  outcome: string;
  error_code: string | null;
  retryable: boolean | null;
  attempts: Generated<number>;
  attempted_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface DB {
  vendor_users: VendorUsersTable;
  vendor_user_sightings: VendorUserSightingsTable;
  sync_runs: SyncRunsTable;
  sync_withheld_deletions: SyncWithheldDeletionsTable;
  changes: ChangesTable;
  reconciliation_runs: ReconciliationRunsTable;
  reconciliation_identities: ReconciliationIdentitiesTable;
  reconciliation_conflicts: ReconciliationConflictsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_records: AuditRecordsTable;
  audit_checkpoints: AuditCheckpointsTable;
  offboarding_plans: OffboardingPlansTable;
  offboarding_plan_steps: OffboardingPlanStepsTable;
  offboarding_runs: OffboardingRunsTable;
  offboarding_run_steps: OffboardingRunStepsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
}
