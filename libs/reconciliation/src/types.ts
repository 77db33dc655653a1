import type { CanonicalRole, CanonicalUser, UserStatus } from '@userbridge/canonical';

/** Only the fields matching and reporting look at, so callers may pass lighter objects. */
export type ReconcileUser = Pick<
  CanonicalUser,
  | 'id'
  | 'connection'
  | 'vendor'
  | 'vendorId'
  | 'email'
  | 'phone'
  | 'externalId'
  | 'displayName'
  | 'status'
  | 'role'
  | 'vendorRole'
>;

/** A connection that could not be read. */
export interface VendorFailure {
  /** The vendor kind of the connection. */
  vendor: string;
  connection: string;
  code: string;
  message: string;
}

export interface ReconcileInput {
  users: readonly ReconcileUser[];
  /**
   * Connections whose user list was read completely; only these can make a
   * person "missing". Everything the engine says per vendor today is per
   * connection: two tenants of one vendor are two sources, so a key value links
   * accounts only across different connections.
   */
  vendorsRead: readonly string[];
  vendorsFailed: readonly VendorFailure[];
}

export type MatchRule = 'email' | 'phone' | 'external_id';

export interface MatchReason {
  rule: MatchRule;
  value: string;
  /** Global ids sharing that key, sorted. */
  accounts: string[];
  nameAgrees: boolean;
}

export type Severity = 'high' | 'medium' | 'low';

export type ConflictType =
  | 'status_mismatch'
  | 'name_mismatch'
  | 'role_mismatch'
  | `missing_in:${string}`
  | 'possible_duplicate'
  | 'confusable_email'
  | 'unmatchable';

export interface Conflict {
  type: ConflictType;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

export interface IdentityMember {
  id: string;
  connection: string;
  vendor: string;
  vendorId: string;
  email: string | null;
  displayName: string | null;
  status: UserStatus;
  role: CanonicalRole;
  vendorRole: string | null;
  linkedBy: MatchRule[];
}

export interface Identity {
  id: string;
  displayName: string | null;
  emails: string[];
  /** The vendor kinds of the members, sorted. */
  vendors: string[];
  /** The connections of the members, sorted. */
  connections: string[];
  members: IdentityMember[];
  matchReasons: MatchReason[];
  confidence: number;
  conflicts: Conflict[];
  highestSeverity: Severity | null;
}

export interface ReconcileResult {
  identities: Identity[];
  vendorsRead: string[];
  vendorsFailed: VendorFailure[];
  totals: { users: number; identities: number; duplicatesIgnored: number };
}

export type DuplicateReason =
  | 'same_name'
  | 'shared_email_same_vendor'
  | 'shared_phone_same_vendor'
  | 'shared_external_id_same_vendor'
  | 'same_vendor_in_identity';

/** One entry of a possible_duplicate conflict's `evidence.candidates`. */
export interface DuplicateCandidate {
  identityId: string;
  accounts: string[];
  reason: DuplicateReason;
  value: string;
  /** For a shared same-vendor key: this identity's account that holds the key. */
  account?: string;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 3, medium: 2, low: 1 };

/** Another identity holding an email with the same confusable skeleton as one of this one's. */
export interface Lookalike {
  identityId: string;
  email: string;
}
