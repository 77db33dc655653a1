import { createHash } from 'node:crypto';
import type { StoredCanonicalUser } from '../directory.port';

/**
 * The canonical fields whose change is a change of the user. Left out: the
 * identity (id, vendor, vendorId never change for a row), and volatile fields
 * (lastLoginAt moves at every login, updatedAt with it at some vendors) that
 * would flood the change feed with noise. vendorData is never stored.
 */
export const TRACKED_FIELDS = [
  'email',
  'username',
  'firstName',
  'lastName',
  'displayName',
  'phone',
  'role',
  'vendorRole',
  'status',
  'timezone',
  'language',
  'groups',
  'externalId',
  'permissions',
  'createdAt',
] as const satisfies readonly (keyof StoredCanonicalUser)[];
export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** Order-insensitive lists: a vendor listing groups in another order has changed nothing. */
export function normalizedValue(user: StoredCanonicalUser, field: TrackedField): unknown {
  const value = user[field];
  if (field === 'groups') {
    return [...user.groups]
      .map((group) => ({ id: group.id, name: group.name ?? null }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  if (field === 'permissions') return [...user.permissions].sort();
  return value ?? null;
}

/** sha1 of the tracked fields in a fixed order: stable across processes and key orders. */
export function fingerprintOf(user: StoredCanonicalUser): string {
  const values = TRACKED_FIELDS.map((field) => normalizedValue(user, field));
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url');
}
