import type { Accounts } from './account-table';
import type { Collector } from './collector';
import type { KeyIndex } from './key-index';
import type { Links } from './link';
import type { SharedValues } from './shared-values';
import type { Conflict, Lookalike, MatchReason } from './types';

/**
 * Everything the per-identity builders read, computed once per run. Accounts
 * are referred to by their index in `accounts` (sorted by global id) and
 * identities by their index in output order.
 */
export interface ReconcileContext {
  readonly accounts: Accounts;
  readonly vendorOf: Int32Array;
  readonly vendorNames: readonly string[];
  readonly links: Links;
  /** True when the account has no match key at all. */
  readonly unmatchable: Uint8Array;
  readonly identityOf: Int32Array;
  /** Members of identity i are identityMembers[identityStart[i] .. identityStart[i + 1]). */
  readonly identityStart: Int32Array;
  readonly identityMembers: Int32Array;
  /**
   * The stable id of an identity (see identity-id.ts), hashed when asked: an
   * identity asks for its own once, and for the few others it names in a
   * conflict, rather than 170 000 ids held for the whole run.
   */
  readonly identityId: (identity: number) => string;
  /** Per identity: the account whose name represents it, or -1. */
  readonly nameAccount: Int32Array;
  /** Identities grouped by their normalized full display name. */
  readonly sameName: KeyIndex;
  /** Vendors read successfully, sorted: the only ones a person can be missing in. */
  readonly comparableVendors: readonly string[];
  readonly shared: SharedValues;
  /** Per identity with look-alike emails in other identities: its email -> those (see confusables.ts). */
  readonly lookalikes: ReadonlyMap<number, Map<string, Lookalike[]>>;
  /** Reusable lists of this run (see Collector): per call, never shared between runs. */
  readonly scratch: {
    emails: Collector<string>;
    conflicts: Collector<Conflict>;
    reasons: Collector<MatchReason>;
  };
}
