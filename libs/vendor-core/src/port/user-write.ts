import { CanonicalRole, UserStatus } from '@userbridge/canonical';

/**
 * What a caller may write, in canonical terms, already validated for format at
 * the edge (email shape, E.164 phone, IANA zone, lengths). Each adapter checks
 * its vendor's own rules (required fields, role and status counterparts) before
 * any call, and maps the fields to the vendor's names.
 *
 * A key that is absent means "not given"; null means "clear it" where the
 * vendor allows clearing.
 */
export interface UserWriteInput {
  email?: string;
  username?: string;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  phone?: string | null;
  role?: CanonicalRole;
  status?: UserStatus;
  timezone?: string | null;
  language?: string | null;
  groups?: { id: string }[];
  externalId?: string | null;
  permissions?: string[];
  /** Write-only secret (desk): never echoed, never logged. */
  password?: string;
  /** Credira's required company. */
  company?: string;
  /** Credira's department. */
  department?: string | null;
  /** Convirza org unit, an alternative to groups[0].id. */
  orgUnitId?: number;
}

/**
 * A replace or patch as the caller sent it: `email` and `username` may be
 * null, as a read answers them where the vendor holds none, so a user read can
 * be written back as it is. `changedFields` settles them: a null that repeats
 * what was read is no change; a null that would clear a value is refused.
 */
export type UserUpdateInput = Omit<UserWriteInput, 'email' | 'username'> & {
  email?: string | null;
  username?: string | null;
};

export interface DeleteOptions {
  /** The caller confirmed an irreversible delete (`?confirm=true`). */
  confirm: boolean;
}

export const WRITE_OPERATIONS = ['create', 'replace', 'patch'] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];
export type WritableField = keyof UserWriteInput;

/**
 * A vendor's rules for one write, as its write mapper enforces them, published
 * so the API description shows them before any call.
 */
export interface WriteOperationRules {
  /** Each entry must be given; an array entry means "at least one of these". */
  required: readonly (WritableField | readonly WritableField[])[];
  /** Fields the vendor has no place for in this write, with the reason (giving one is a 400). */
  refused: Readonly<Partial<Record<WritableField, string>>>;
  /** Rules beyond presence, in a sentence or two (lengths, allowed values). */
  notes?: string;
  /** A body the vendor accepts, in canonical fields. */
  example: UserWriteInput;
}

/** One entry per write operation the vendor offers. */
export type VendorWriteRules = Readonly<Partial<Record<WriteOperation, WriteOperationRules>>>;
