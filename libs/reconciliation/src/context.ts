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
  /** Normalized display name per account (NFC, lower-case, collapsed), or null. */
  readonly names: readonly (string | null)[];
  readonly links: Links;
  /** True when the account has no match key at all. */
  readonly unmatchable: Uint8Array;
  readonly identityOf: Int32Array;
  /** Members of identity i are identityMembers[identityStart[i] .. identityStart[i + 1]). */
  readonly identityStart: Int32Array;
  readonly identityMembers: Int32Array;
  readonly identityIds: readonly string[];
  /** Per identity: index into `names` winners, i.e. the account whose name represents it, or -1. */
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
