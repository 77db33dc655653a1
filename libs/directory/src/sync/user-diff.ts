import type { ChangeKind, FieldChange, StoredCanonicalUser } from '../directory.port';
import { normalizedValue, TRACKED_FIELDS } from './fingerprint';

/** What the store knew of a user before this sighting. */
export interface PriorState {
  user: StoredCanonicalUser;
  fingerprint: string;
  deletedAt: Date | null;
}

export interface UserChange {
  kind: ChangeKind;
  fields: Record<string, FieldChange>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Tracked fields whose value differs, with before and after (before null for a new user). */
export function changedFields(
  before: StoredCanonicalUser | null,
  after: StoredCanonicalUser,
): Record<string, FieldChange> {
  const fields: Record<string, FieldChange> = {};
  for (const field of TRACKED_FIELDS) {
    const was = before === null ? null : normalizedValue(before, field);
    const now = normalizedValue(after, field);
    if (before === null || !same(was, now)) fields[field] = { before: was, after: now };
  }
  return fields;
}

/**
 * The change one sighting makes, or null when nothing tracked changed.
 * - never seen, or seen again after it vanished: `created`;
 * - status moved to active: `reactivated`; away from active: `deactivated`;
 * - anything else tracked: `updated`.
 */
export function diffUser(
  prior: PriorState | null,
  user: StoredCanonicalUser,
  fingerprint: string,
): UserChange | null {
  if (prior === null) return { kind: 'created', fields: changedFields(null, user) };
  if (prior.deletedAt !== null) {
    return {
      kind: 'created',
      fields: {
        ...changedFields(prior.user, user),
        deletedAt: { before: prior.deletedAt.toISOString(), after: null },
      },
    };
  }
  if (prior.fingerprint === fingerprint) return null;
  const fields = changedFields(prior.user, user);
  if (Object.keys(fields).length === 0) return null;
  const wasActive = prior.user.status === 'active';
  const isActive = user.status === 'active';
  const kind: ChangeKind =
    wasActive === isActive ? 'updated' : isActive ? 'reactivated' : 'deactivated';
  return { kind, fields };
}

export interface DeletionDecision {
  /** Whether this run may mark absent users deleted. */
  allowed: boolean;
  /** Why not, recorded on the run; null when allowed. */
  reason: string | null;
}

/**
 * The deletion rule: only a run that read the vendor's whole list, succeeded,
 * still holds its lease, and met no record it could not identify may call
 * anyone absent. A record rejected without an id could be any stored user.
 */
export function deletionDecision(state: {
  complete: boolean;
  failed: boolean;
  leaseHeld: boolean;
  rejectedWithoutId: number;
}): DeletionDecision {
  if (state.failed) return { allowed: false, reason: 'the run failed' };
  if (!state.complete) return { allowed: false, reason: 'the run did not read the whole list' };
  if (!state.leaseHeld) return { allowed: false, reason: 'the run lost its lease' };
  if (state.rejectedWithoutId > 0)
    return {
      allowed: false,
      reason: `${state.rejectedWithoutId} record(s) could not be mapped and carried no id: any stored user could be among them`,
    };
  return { allowed: true, reason: null };
}
