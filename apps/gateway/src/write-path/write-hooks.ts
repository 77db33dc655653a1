import type { CanonicalUser } from '@userbridge/canonical';
import type { ChangeEntry, DirectoryTransaction, StoredCanonicalUser } from '@userbridge/directory';
import type { CallContext, UserUpdateInput, UserWriteInput } from '@userbridge/vendor-core';
import type { Visibility } from '../auth/visibility';

export type WriteAction = 'create' | 'replace' | 'patch' | 'delete';

/** Which surface a write came through: each one writes only through the pipeline. */
export type WriteChannel = 'rest' | 'scim' | 'offboarding';

/** Who asked for a write, and through what. */
export interface WriteOrigin {
  channel: WriteChannel;
  context: CallContext;
  /** The calling key's label (never the key itself); null without one. */
  actor: string | null;
  /** The connections the caller may see and write: another one answers as if absent. */
  visibility: Visibility;
  /** The offboarding run this write is a step of; set by offboarding only. */
  offboardingRunId?: string | null;
  /**
   * The Idempotency-Key the caller sent for the request this write serves (an
   * offboarding execution's key for each of its steps). A create's own key,
   * passed to `pipeline.create`, takes precedence.
   */
  idempotencyKey?: string | null;
  /**
   * This write's own work in its write-through transaction, run after every
   * registered hook's (a SCIM write keeps the IdP's externalId or a tombstone
   * there). Throwing rolls the transaction back, as a hook's would.
   */
  inTransaction?(write: CommittedWrite, tx: DirectoryTransaction): Promise<void>;
}

/** Where a write's `before` came from: it is never read from the vendor for its own sake. */
export type BeforeSource = 'directory' | 'vendor' | 'none';

/** One write attempt, as every hook of it sees it. */
export interface UserWrite {
  /** Unique per attempt: links what the hooks of one attempt record (an audit intent and its outcome). */
  readonly attempt: string;
  readonly action: WriteAction;
  /** The connection written to (the adapter's name). */
  readonly connection: string;
  /** The vendor kind of the connection. */
  readonly vendor: string;
  /** The global id; null for a create until the vendor has answered. */
  readonly target: string | null;
  /** What the caller asked to write (null for a delete). Holds write-only secrets: never log or store it whole. */
  readonly input: UserWriteInput | UserUpdateInput | null;
  readonly origin: WriteOrigin;
  /** The Idempotency-Key of this write (the create's own, else the origin's); null without one. */
  readonly idempotencyKey: string | null;
  /**
   * The user as the write path already knew it before writing, with no vendor
   * call of its own: the directory's copy before the vendor call (null for a
   * create, an unknown user or a store that could not be read), and, once an
   * adapter that reads before writing (read-merge-write) has done so, that read
   * instead (`beforeSource: 'vendor'`, seen by inTransaction and afterCommit).
   */
  readonly before: StoredCanonicalUser | null;
  readonly beforeSource: BeforeSource;
}

/** A write the vendor accepted, as read back. */
export interface AcceptedWrite extends UserWrite {
  readonly target: string;
  /** The user as read back; null after a delete. */
  readonly user: StoredCanonicalUser | null;
}

/** A write whose write-through committed. */
export interface CommittedWrite extends AcceptedWrite {
  /** Its change-feed entry; null when nothing tracked changed. */
  readonly change: ChangeEntry | null;
}

/**
 * The points at which later features plug into every write (REST, SCIM,
 * offboarding). Hooks run in registration order; each method is optional.
 */
export interface UserWriteHook {
  /** For logs when a hook fails. */
  readonly name: string;
  /**
   * After the pipeline's own checks (id format, capability), before any
   * vendor call. Throwing refuses the write: nothing reaches the vendor, and
   * the caller gets the error (e.g. 503 store_unavailable when an audit
   * intent cannot be written).
   */
  beforeVendorCall?(write: UserWrite): Promise<void>;
  /**
   * After read-back, inside the directory transaction that holds the
   * write-through and its change-feed entry; write through `tx` only.
   * Throwing rolls the whole transaction back (the vendor write stands and
   * is still answered: the next sync repairs the directory).
   */
  inTransaction?(write: CommittedWrite, tx: DirectoryTransaction): Promise<void>;
  /** After the transaction committed; a failure is logged, never turned into an error. */
  afterCommit?(write: CommittedWrite): Promise<void>;
  /**
   * The vendor call failed; `outcome` is `unknown` when it may nevertheless
   * have been applied. A failure here is logged; the caller gets the vendor's error.
   */
  afterVendorFailure?(
    write: UserWrite,
    error: unknown,
    outcome: 'failed' | 'unknown',
  ): Promise<void>;
}

/** What the pipeline answers a create with. */
export interface CreateResult {
  status: number;
  body: CanonicalUser;
  /** True when an Idempotency-Key replayed an earlier answer (no vendor call, no hooks). */
  replayed: boolean;
}
