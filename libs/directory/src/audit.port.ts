import type { DirectoryTransaction, FieldChange } from './directory.port';

/** How a write ended: `unknown` when the vendor's answer was lost (or no outcome was ever recorded). */
export type AuditOutcome = 'succeeded' | 'failed' | 'unknown';

/**
 * A row's part in an entry: the `intent` is written before the vendor call,
 * the `outcome` after it (both share the write id); an `event` is a complete
 * entry in one row (a sync's deletion, a retention prune).
 */
export type AuditRecordKind = 'intent' | 'outcome' | 'event';

/** The actor of work no API key asked for (the scheduler, a sync, retention). */
export const SYSTEM_ACTOR = 'system';

/** One row to append. Never a secret, never vendorData: only canonical fields and codes. */
export interface AuditRecordInput {
  writeId: string;
  kind: AuditRecordKind;
  requestId: string | null;
  /** The key's label, or `system`. */
  actor: string;
  /** `rest`, `scim`, `offboarding`, `sync`, `retention`. */
  channel: string;
  /** `user.create`, `user.replace`, `user.patch`, `user.deactivate`, `user.delete`, `offboarding.execute`, … */
  action: string;
  /** The global id written (null for a create's intent: the vendor has not named it yet). */
  target: string | null;
  connection: string | null;
  /** The canonical fields that change (intent: as asked; outcome: as read back), before and after. */
  changes: Record<string, FieldChange>;
  /** Facts of entries that are not a user's fields (a prune's range, a run's plan). */
  details?: Record<string, unknown> | null;
  /** Null on an intent. */
  outcome: AuditOutcome | null;
  errorCode: string | null;
  idempotencyKey: string | null;
  offboardingRunId: string | null;
}

/** One write as `GET /v1/audit` shows it: its intent (or event) and outcome, merged. */
export interface AuditEntry {
  /** The write id the entry's rows share. */
  id: string;
  /** The position of the entry's first row in the chain (the keyset). */
  sequence: number;
  /** When the entry's first row was recorded (the intent: before the vendor call). */
  at: string;
  /** When its outcome was recorded; null while none is. */
  finishedAt: string | null;
  requestId: string | null;
  actor: string;
  channel: string;
  action: string;
  target: string | null;
  connection: string | null;
  /** The outcome's changes when the write succeeded, else what was asked. */
  changes: Record<string, FieldChange>;
  details: Record<string, unknown> | null;
  /** An intent without an outcome reads `unknown`. */
  outcome: AuditOutcome;
  errorCode: string | null;
  idempotencyKey: string | null;
  offboardingRunId: string | null;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  connection?: string;
  outcome?: AuditOutcome;
  /** Entries recorded at or after. */
  from?: Date;
  /** Entries recorded before. */
  to?: Date;
}

export interface AuditListQuery extends AuditFilters {
  /** Entries after this sequence (the keyset); 0 or absent from the start. */
  after?: number;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The last entry's sequence when there may be more, else null. */
  nextAfter: number | null;
}

/** Where a broken chain breaks. */
export interface AuditBreak {
  sequence: number;
  writeId: string;
  /**
   * `hash_mismatch`: the record's content no longer gives its hash (it was
   * altered); `chain_break`: its previous hash is not the hash of the record
   * before it (a record was removed or inserted); `unanchored`: the oldest
   * record follows neither the chain's start nor a retention checkpoint.
   */
  reason: 'hash_mismatch' | 'chain_break' | 'unanchored';
}

export interface AuditVerification {
  ok: boolean;
  /** Records checked (all of them when ok; up to and including the broken one otherwise). */
  records: number;
  /** Where the chain starts: its genesis, or the checkpoint retention left. */
  anchor: 'genesis' | 'checkpoint' | 'empty';
  /** The newest record's sequence and hash when ok: note them elsewhere to prove later that nothing was rewritten. */
  lastSequence: number | null;
  lastHash: string | null;
  broken: AuditBreak | null;
}

export interface AuditPruneResult {
  /** Records removed (0: nothing was old enough). */
  pruned: number;
  /** The last pruned record's sequence, null when none. */
  prunedThroughSequence: number | null;
}

export interface AuditStore {
  /**
   * Appends rows to the chain, in order: in the caller's transaction when one
   * is given (the write-through's), else in a transaction of their own.
   */
  append(records: readonly AuditRecordInput[], tx?: DirectoryTransaction): Promise<void>;
  /** One keyset page of entries, oldest first. */
  list(query: AuditListQuery): Promise<AuditPage>;
  /** Every entry matching, oldest first, read in keyset batches (never the whole selection at once). */
  stream(filters: AuditFilters, batchSize?: number): AsyncIterable<AuditEntry>;
  /** Recomputes the chain from its anchor, in batches. */
  verify(): Promise<AuditVerification>;
  /**
   * Removes the records older than `olderThan` from the oldest end (whole
   * prefix by sequence), leaves a checkpoint with the hash the first kept
   * record links to, and appends an `audit.prune` event; all in one transaction.
   */
  prune(olderThan: Date): Promise<AuditPruneResult>;
}
