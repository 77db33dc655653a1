import type { CanonicalRole, CanonicalUser, UserStatus } from '@userbridge/canonical';
import type {
  Conflict,
  ConflictType,
  Identity,
  IdentityFilter,
  ReconcileSummary,
  Severity,
  VendorFailure,
} from '@userbridge/reconciliation';
import type { ScimFilter } from '@userbridge/scim';
import type { VendorAdapter } from '@userbridge/vendor-core';
import type { IdempotencyStore } from './idempotency.port';
import type { AuditStore } from './audit.port';
import type { WebhookStore } from './webhooks.port';

/**
 * The injection token of the whole directory: consumers inject it and take the
 * part they use (`directory.users`, `directory.idempotency`, …), one token for all.
 */
export const DIRECTORY = Symbol('DIRECTORY');

/** A canonical user as stored: never vendorData (it may hold more than the canonical model promises). */
export type StoredCanonicalUser = Omit<CanonicalUser, 'vendorData'>;

export interface StoredUser {
  /**
   * `externalId` is the vendor's own value when it has one, else the one a
   * SCIM client gave (`scim.setExternalId`), which no sync overwrites.
   */
  user: StoredCanonicalUser;
  /** Stable hash of the canonical fields that matter (volatile ones such as lastLoginAt excluded). */
  fingerprint: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the directory last recorded a change of this user (not the vendor's own updatedAt). */
  changedAt: string;
  /** Set when a complete, successful sync no longer found the user at its vendor. */
  deletedAt: string | null;
  lastSyncRunId: number | null;
  /** Set when a SCIM DELETE tombstoned the account (deactivated at its vendor, gone for SCIM). */
  tombstonedAt: string | null;
}

export interface UserListQuery {
  /** Connection names (none: every connection). */
  connections?: readonly string[];
  /** Normalized (trimmed, lower-cased) exact email. */
  email?: string;
  status?: UserStatus;
  role?: CanonicalRole;
  /** Users the directory saw change at or after this time (`changedAt`). */
  updatedSince?: Date;
  /** Case-insensitive prefix of the email, first name, last name or display name. */
  q?: string;
  /** Users no longer at their vendor are left out unless asked for. */
  includeDeleted?: boolean;
  /** Keyset: the global id of the last user of the previous page (ids never change). */
  after?: string | null;
  limit: number;
}

export interface UserListPage {
  users: StoredUser[];
  /** Global id to pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
}

declare const directoryTransaction: unique symbol;

/**
 * An open directory transaction, handed to work that must commit or roll back
 * together with a write-through (audit rows, an outbox entry). Opaque outside
 * this lib: only the directory's own functions write through it, and it is
 * dead once the transaction ends.
 */
export interface DirectoryTransaction {
  readonly [directoryTransaction]: true;
}

/**
 * Work a gateway write adds to the transaction of its write-through, run after
 * the user row and its change entry are written (`change` is null when nothing
 * tracked changed). Throwing rolls the whole write-through back.
 */
export type WriteThroughWork = (
  tx: DirectoryTransaction,
  change: ChangeEntry | null,
) => Promise<void>;

export interface UserRepository {
  list(query: UserListQuery): Promise<UserListPage>;
  /** Null when the directory never saw this global id; a vanished user comes back with deletedAt. */
  get(globalId: string): Promise<StoredUser | null>;
  /**
   * Write-through of a gateway write's read-back user: stored at once and its
   * change recorded (null when nothing changed), with `also` in the same
   * transaction.
   */
  recordWrite(user: StoredCanonicalUser, also?: WriteThroughWork): Promise<ChangeEntry | null>;
  /** Write-through of a gateway delete that removed the user at its vendor, with `also` in the same transaction. */
  recordDeleted(globalId: string, also?: WriteThroughWork): Promise<ChangeEntry | null>;
}

export const CHANGE_KINDS = [
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'deleted',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface ChangeEntry {
  /** Monotonically increasing over the whole directory. */
  sequence: number;
  at: string;
  userId: string;
  connection: string;
  /** The vendor kind of the connection. */
  vendor: string;
  vendorId: string;
  kind: ChangeKind;
  /** Changed canonical fields only; never vendorData, never a secret. */
  fields: Record<string, FieldChange>;
  /** A sync run, or a write through the gateway. */
  source: 'sync' | 'write';
  syncRunId: number | null;
}

/** Entries of the feed that are not one user's change. */
export const EVENT_KINDS = ['gap_opened', 'gap_resolved', 'offboarding_completed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Every kind of the change feed: a user's changes, then the other events. */
export const FEED_KINDS = [...CHANGE_KINDS, ...EVENT_KINDS] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/**
 * An entry of the feed that is not one user's change: an offboarding gap
 * opened or resolved (found by a stored reconciliation) or an offboarding run
 * completed. It has a sequence like any change, so replay and catching up
 * work the same for it.
 */
export interface EventEntry {
  sequence: number;
  at: string;
  kind: EventKind;
  /** The identity (`idn_…`) it is about, when there is one. */
  identityId: string | null;
  /** A user's global id, when it is about one user. */
  userId: string | null;
  /** Every connection it touches: a limited reader sees it only when it may see them all. */
  connections: string[];
  /** Its particulars (never a secret): the conflict, or the offboarding run and plan. */
  details: Record<string, unknown>;
  source: 'reconciliation' | 'offboarding';
  /** Always null and empty: an event is not one connection's, changes no user's fields, belongs to no sync run. */
  connection: null;
  vendor: null;
  vendorId: null;
  fields: Record<string, FieldChange>;
  syncRunId: null;
}

/** One entry of the change feed. */
export type FeedEntry = ChangeEntry | EventEntry;

export function isEventEntry(entry: FeedEntry): entry is EventEntry {
  return (EVENT_KINDS as readonly string[]).includes(entry.kind);
}

/** The connections a feed entry touches. */
export function connectionsOf(entry: FeedEntry): string[] {
  return isEventEntry(entry) ? entry.connections : [entry.connection];
}

/** What `appendOffboardingCompleted` records. */
export interface OffboardingCompletedEvent {
  runId: string | number;
  planId: string | number;
  /** The identity offboarded (`idn_…`), when the plan was made for one. */
  identityId?: string | null;
  /** The user the plan started from, when there was one. */
  userId?: string | null;
  /** The connections the run touched (at least one). */
  connections: readonly string[];
  /** Further particulars to carry verbatim (counts, outcome): never a secret. */
  details?: Record<string, unknown>;
}

export interface ChangeQuery {
  /** Entries with a sequence greater than this (0 = from the start). */
  after: number;
  limit: number;
  /**
   * Connection names (none: every connection). A user's change matches its
   * connection; any other entry matches when every connection it touches is named.
   */
  connections?: readonly string[];
  kinds?: readonly FeedKind[];
}

export interface ChangePage {
  changes: FeedEntry[];
  /** Sequence to resume after: the last entry's, or `after` itself when the page is empty. */
  nextAfter: number;
}

export interface ChangeRepository {
  list(query: ChangeQuery): Promise<ChangePage>;
  /** The highest sequence written so far (0 when none): an `after` beyond it is forged or stale. */
  latestSequence(): Promise<number>;
}

export const SYNC_OUTCOMES = ['running', 'succeeded', 'incomplete', 'failed', 'abandoned'] as const;
/**
 * `incomplete`: the vendor's list contradicted itself (its own total disagreed
 * with what was read, or a page repeated the previous one): what was read is
 * stored, nobody is deleted. `abandoned`: its process stopped renewing the
 * lease (crashed or hung); it deleted nobody.
 */
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

export interface SyncCounts {
  usersRead: number;
  pages: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  deleted: number;
  /** Records the adapter read but could not map (ListPage.rejected). */
  rejected: number;
  /** Absent users left in place because a get by id did not answer "not found" (found, error, timeout). */
  deletionsSkipped: number;
  /** Absent users not deleted because of the mass-deletion guard or the confirmation bound: they wait for an operator. */
  deletionsWithheld: number;
  /** Users read in a page requested before their last write through the gateway: the written data was kept. */
  staleSkipped: number;
}

export interface SyncRun {
  id: number;
  /** The connection synced: runs, leases and last successes are per connection. */
  connection: string;
  /** The vendor kind of the connection. */
  vendor: string;
  startedAt: string;
  finishedAt: string | null;
  /** Last time the owning process renewed its lease (each page). */
  heartbeatAt: string;
  outcome: SyncOutcome;
  counts: SyncCounts;
  /** Why this successful run deleted nobody (e.g. a record without an id was rejected), else null. */
  deletionSkipped: string | null;
  error: { code: string; message: string } | null;
}

export interface SyncRunQuery {
  /** Connection names (none: every connection). */
  connections?: readonly string[];
  /** Keyset: runs with an id lower than this. */
  before?: number;
  limit: number;
}

export interface SyncRunRepository {
  /** Runs whose lease went stale (their process crashed or hung) are marked abandoned first. */
  list(query: SyncRunQuery): Promise<SyncRun[]>;
  get(id: number): Promise<SyncRun | null>;
  /** Runs holding a live lease now. */
  running(): Promise<SyncRun[]>;
  /**
   * Connection -> finishedAt (ISO) of its latest run that stored the
   * connection's users: `succeeded` or `incomplete` (an incomplete run stored
   * all it read; only its deletions were held back).
   */
  lastSuccess(): Promise<Record<string, string>>;
}

export interface SyncObserver {
  progress?(run: SyncRun): void;
  finished?(run: SyncRun): void;
}

export interface SyncStart {
  run: SyncRun;
  /** False when a run of this vendor was already running (here or in another process): `run` is that one. */
  started: boolean;
  /** Resolves when a run started here ends (never rejects); null when `started` is false. */
  done: Promise<SyncRun> | null;
}

/** When a sync may mark users deleted (see the directory README, "The deletion rule"). */
export interface DeletionPolicy {
  /** A run whose absent users exceed this share of the vendor's stored users ... */
  guardRatio: number;
  /** ... and this many users deletes nobody: the deletions wait for an operator. */
  guardMin: number;
  /** Gets by id a run (or one confirmation request) makes at most; further absences are withheld. */
  confirmMax: number;
}

export const DEFAULT_DELETION_POLICY: DeletionPolicy = {
  guardRatio: 0.1,
  guardMin: 25,
  confirmMax: 1000,
};

export const WITHHELD_OUTCOMES = ['deleted', 'present', 'already_deleted', 'unconfirmed'] as const;
/**
 * What an operator's confirmation did with one withheld deletion: `deleted`
 * (the vendor answered not found), `present` (the vendor has the user: it
 * stays), `already_deleted` (the store had marked it deleted meanwhile),
 * `unconfirmed` (the get failed: it stays withheld for a later confirmation).
 */
export type WithheldOutcome = (typeof WITHHELD_OUTCOMES)[number];

export interface DeletionConfirmation {
  run: SyncRun;
  results: { userId: string; outcome: WithheldOutcome; errorCode: string | null }[];
  /** Withheld deletions of the run still waiting after this request (beyond its bound, or unconfirmed). */
  remaining: number;
}

export interface SyncService {
  /** Starts a run of the adapter's vendor unless one is running anywhere; returns at once. */
  start(
    adapter: VendorAdapter,
    observer?: SyncObserver,
    policy?: Partial<DeletionPolicy>,
  ): Promise<SyncStart>;
  /**
   * Re-checks the deletions run `runId` withheld, with a get by id each (at
   * most `confirmMax` per call), and deletes those the vendor no longer has.
   * Null when there is no such run.
   */
  confirmDeletions(
    runId: number,
    adapter: VendorAdapter,
    policy?: Partial<DeletionPolicy>,
  ): Promise<DeletionConfirmation | null>;
}

export type StoredConflict = Conflict & { firstSeenAt: string };
export type StoredIdentity = Omit<Identity, 'conflicts'> & { conflicts: StoredConflict[] };

export interface ReconciliationRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'succeeded' | 'failed';
  vendorsRead: string[];
  vendorsFailed: VendorFailure[];
  totals: {
    users: number;
    identities: number;
    openConflicts: number;
    opened: number;
    resolved: number;
  };
  error: string | null;
}

export interface IdentityListQuery {
  /** The run every page of one listing reads from; omit for the latest successful run. */
  runId?: number;
  /** Keyset: position of the last identity of the previous page. */
  after?: number | null;
  limit: number;
  filter?: IdentityFilter;
}

export interface IdentityPage {
  run: ReconciliationRun;
  identities: StoredIdentity[];
  nextAfter: number | null;
}

/** The oldest still-open offboarding gap between one pair of connections. */
export interface OffboardingGap {
  activeConnection: string;
  inactiveConnection: string;
  identityId: string;
  message: string;
  firstSeenAt: string;
}

export interface StoredSummary {
  run: ReconciliationRun;
  summary: ReconcileSummary;
  oldestOpenGaps: OffboardingGap[];
}

export interface ConflictHistoryEntry {
  /** `<type>|<smallest member id>`: stable while the identity keeps its first member. */
  key: string;
  identityId: string;
  type: ConflictType;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
  members: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

export interface ReconciliationStore {
  /**
   * Reconciles the stored (not deleted) users of these connections and stores the run.
   * A connection never synced successfully is reported as failed, never as "everyone missing".
   */
  run(connections: readonly { name: string; vendor: string }[]): Promise<ReconciliationRun>;
  latestRun(): Promise<ReconciliationRun | null>;
  getRun(id: number): Promise<ReconciliationRun | null>;
  /** Null when there is no such (or no successful) run, e.g. a cursor of a pruned run. */
  listIdentities(query: IdentityListQuery): Promise<IdentityPage | null>;
  /** Every identity of a run in order, in bounded batches (for CSV). */
  streamIdentities(
    query: Omit<IdentityListQuery, 'after' | 'limit'>,
  ): AsyncIterable<StoredIdentity>;
  summary(runId?: number): Promise<StoredSummary | null>;
  /** Conflicts (open and resolved) of an identity id (`idn_…`) or of a member's global id. */
  history(identityOrUserId: string): Promise<ConflictHistoryEntry[]>;
}

export const OFFBOARDING_ACTIONS = ['deactivate', 'delete', 'none', 'unsupported'] as const;
/** What a plan does with one account. */
export type OffboardingAction = (typeof OFFBOARDING_ACTIONS)[number];
export const OFFBOARDING_PLAN_STATUSES = ['building', 'ready', 'failed'] as const;
export type OffboardingPlanStatus = (typeof OFFBOARDING_PLAN_STATUSES)[number];
export const OFFBOARDING_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
export type OffboardingRunStatus = (typeof OFFBOARDING_RUN_STATUSES)[number];
export const OFFBOARDING_OUTCOMES = [
  'pending',
  'succeeded',
  'already_done',
  'failed',
  'unknown',
  'skipped',
] as const;
/** A run step's outcome; `pending` until the run has dealt with it. */
export type OffboardingOutcome = (typeof OFFBOARDING_OUTCOMES)[number];

/** What a plan covers, as asked. */
export type OffboardingScope =
  | { identity: string }
  | { account: string }
  | { gaps: { olderThanDays?: number; connection?: string; vendor?: string } };

/** One account of a plan, as read live when the plan was made. */
export interface OffboardingPlanStep {
  position: number;
  /** Global id. */
  account: string;
  connection: string;
  vendor: string;
  /** The account's canonical status when planned (`deleted` also for one the vendor no longer has). */
  currentStatus: UserStatus;
  action: OffboardingAction;
  reversible: boolean;
  reason: string | null;
}

export interface OffboardingPlan {
  id: string;
  status: OffboardingPlanStatus;
  scope: OffboardingScope;
  deleteConnections: string[];
  actor: string | null;
  /** Set once ready: a digest of the plan's steps, which executing must present. */
  hash: string | null;
  stepCount: number;
  createdAt: string;
  expiresAt: string;
  /** Why a plan failed to build. */
  error: { code: string; message: string } | null;
}

export interface NewOffboardingPlan {
  id: string;
  scope: OffboardingScope;
  deleteConnections: string[];
  actor: string | null;
  expiresAt: Date;
  /** Given: the plan is ready with these steps at once. Null: it is `building` under a lease of this many ms. */
  ready: { steps: Omit<OffboardingPlanStep, 'position'>[]; hash: string } | null;
  buildLeaseMs?: number;
}

export interface OffboardingRunStep {
  position: number;
  account: string;
  connection: string;
  action: OffboardingAction;
  /** The account's status when planned: a step whose account moved elsewhere since is skipped. */
  plannedStatus: UserStatus;
  outcome: OffboardingOutcome;
  errorCode: string | null;
  retryable: boolean | null;
  /** Vendor writes started for this step (an attempt whose answer was lost counts). */
  attempts: number;
  finishedAt: string | null;
}

export interface OffboardingRun {
  id: string;
  planId: string;
  status: OffboardingRunStatus;
  actor: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  /** Steps per outcome. */
  counts: Record<OffboardingOutcome, number>;
  /** Skipped steps whose account changed since planning (by anything but this run). */
  changedSincePlan: number;
}

/** An open offboarding gap: the still-active accounts of an identity inactive or deleted elsewhere. */
export interface OpenGap {
  conflictId: number;
  identityId: string;
  active: string[];
  firstSeenAt: string;
}

export interface OffboardingStore {
  /** Stores a plan (with its steps when ready). */
  createPlan(plan: NewOffboardingPlan): Promise<OffboardingPlan>;
  /** Adds the next steps of a building plan and renews its build lease; false when the lease was lost. */
  appendPlanSteps(
    planId: string,
    steps: Omit<OffboardingPlanStep, 'position'>[],
    leaseMs: number,
  ): Promise<boolean>;
  finishPlan(planId: string, hash: string): Promise<OffboardingPlan | null>;
  failPlan(planId: string, error: { code: string; message: string }): Promise<void>;
  /** A building plan whose builder stopped renewing its lease reads as failed. */
  getPlan(planId: string): Promise<OffboardingPlan | null>;
  listPlanSteps(planId: string, after: number, limit: number): Promise<OffboardingPlanStep[]>;
  /** Every step's identity, for the hash: account, action, status, in position order, in batches. */
  planSteps(planId: string): AsyncIterable<OffboardingPlanStep>;
  /** The plan's run, starting it (steps copied from the plan, `none`/`unsupported` already skipped) when it has none. */
  startRun(
    planId: string,
    runId: string,
    actor: string | null,
    owner: string,
    leaseMs: number,
  ): Promise<{ run: OffboardingRun; started: boolean }>;
  getRun(runId: string): Promise<OffboardingRun | null>;
  runOfPlan(planId: string): Promise<OffboardingRun | null>;
  /**
   * Takes the run's lease for `owner`: when it already holds it, when the run
   * is not running (it resumes), or when the holder's lease expired. Null when
   * another process holds a live lease.
   */
  claimRun(runId: string, owner: string, leaseMs: number): Promise<OffboardingRun | null>;
  /** False when `owner` no longer holds the lease. */
  renewRun(runId: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Ends the run with `status` (or, with null, lets another process take it
   * over at once); `also` runs in the same transaction when `owner` still held
   * the lease (e.g. the feed's offboarding_completed entry). False when it no longer did.
   */
  releaseRun(
    runId: string,
    owner: string,
    status: OffboardingRunStatus | null,
    also?: (tx: DirectoryTransaction) => Promise<void>,
  ): Promise<boolean>;
  /** The connections of a run's steps. */
  runConnections(runId: string): Promise<string[]>;
  /** Unfinished steps (`pending`, `failed`, `unknown`) of one action, after a position. */
  openRunSteps(
    runId: string,
    action: OffboardingAction,
    after: number,
    limit: number,
  ): Promise<OffboardingRunStep[]>;
  /** Records that a vendor write for this step is about to start (before the call, in its own statement). */
  markAttempt(runId: string, position: number): Promise<void>;
  recordOutcome(
    runId: string,
    position: number,
    outcome: Exclude<OffboardingOutcome, 'pending'>,
    error: { code: string; retryable: boolean } | null,
  ): Promise<void>;
  listRunSteps(runId: string, after: number, limit: number): Promise<OffboardingRunStep[]>;
  /** The members of an identity in the latest successful reconciliation run; null when it has none such. */
  identityMembers(identityId: string): Promise<string[] | null>;
  /** Open status_mismatch conflicts first seen at or before `seenBefore`, by conflict id. */
  openGaps(seenBefore: Date | null, after: number, limit: number): Promise<OpenGap[]>;
}

export interface ScimUserListQuery {
  /** One connection: a SCIM endpoint serves exactly one. */
  connection: string;
  /** Null: every user of the connection. */
  filter: ScimFilter | null;
  /** 1-based (see normalizeScimPaging in @userbridge/scim). */
  startIndex: number;
  /** 0: `totalResults` only, no users read. */
  count: number;
}

export interface ScimUserListPage {
  /** Users matching the filter, tombstoned and deleted users left out. */
  totalResults: number;
  /** Ordered by vendor id (stable while users come and go). */
  users: StoredUser[];
}

/**
 * The directory's SCIM side (see the directory README, "SCIM"): filtered
 * lists in SQL, userName lookups, and the two columns only SCIM writes.
 */
export interface ScimUserStore {
  /** Users of one connection matching a parsed filter, one page (offset paging, as SCIM pages). */
  listUsers(query: ScimUserListQuery): Promise<ScimUserListPage>;
  /**
   * Not-deleted users of the connection whose SCIM userName (username, else
   * email) equals `userName` case-insensitively (NFC, lower case), tombstoned
   * ones included (`tombstonedAt` says which), ordered by global id.
   */
  findByUserName(connection: string, userName: string): Promise<StoredUser[]>;
  /**
   * Inside a write-through's transaction: keeps the SCIM client's externalId
   * for a vendor with no field of its own (null clears). False when the
   * directory has no such user.
   */
  setExternalId(tx: DirectoryTransaction, globalId: string, value: string | null): Promise<boolean>;
  /** Inside a write-through's transaction: tombstones the account (null lifts it). False when no such user. */
  setTombstone(tx: DirectoryTransaction, globalId: string, at: Date | null): Promise<boolean>;
}

export interface Directory {
  /** `postgres` for a server at DATABASE_URL, `pglite` for the embedded one. */
  readonly engine: 'postgres' | 'pglite';
  readonly users: UserRepository;
  readonly changes: ChangeRepository;
  readonly syncRuns: SyncRunRepository;
  readonly sync: SyncService;
  readonly reconciliation: ReconciliationStore;
  readonly idempotency: IdempotencyStore;
  /** The append-only, hash-chained audit trail. */
  readonly audit: AuditStore;
  readonly offboarding: OffboardingStore;
  /** The webhook outbox: endpoints, messages made from the feed, attempts. */
  readonly webhooks: WebhookStore;
  readonly scim: ScimUserStore;
  /**
   * Runs work in one transaction: several directory writes that must land
   * together. Throwing rolls it back; a lost database is StoreUnavailableError.
   */
  transaction<T>(work: (tx: DirectoryTransaction) => Promise<T>): Promise<T>;
  /** Throws StoreUnavailableError when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DirectoryOptions {
  /** `postgres://…`: use that server. Absent: the embedded PGlite. */
  databaseUrl?: string;
  /** Embedded data directory; absent or null keeps the database in memory. */
  dataDir?: string | null;
  /** Embedded only: start from a `dumpDataDir()` tarball (tests open a migrated copy fast). */
  pgliteDump?: Blob;
  /** Server only: pool size (default 10). */
  maxConnections?: number;
  /** A sync lease not renewed for this long is taken over (default 120 000 ms). */
  syncLeaseMs?: number;
  /** Default deletion policy of syncs (each start may pass its own). */
  syncDeletion?: Partial<DeletionPolicy>;
  /** Largest page asked of an adapter by a sync (default 10 000, further capped by the adapter's maxPageSize). */
  syncPageCap?: number;
  /**
   * Vendor answers a sync keeps in flight per connection where the vendor's
   * paging allows it (default 1, at most 16): a number for every connection,
   * or a function of the connection's name.
   */
  syncPageConcurrency?: number | ((connection: string) => number | undefined);
  /** Reconciliation runs whose identities are kept, so cursors of recent runs stay valid (default 3). */
  keepReconciliationRuns?: number;
}
