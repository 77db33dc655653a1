import {
  formatGlobalId,
  namesFromParts,
  normalizeBoolean,
  normalizeDate,
  normalizeEmail,
  normalizeLanguage,
  normalizeText,
  UserGroup,
  UserStatus,
} from '@userbridge/canonical';
import {
  unexpectedShape,
  UNIVERSAL_SECRET_KEYS,
  userRecord,
  VendorUserRecord,
  withoutSecrets,
} from '@userbridge/vendor-core';
import { isValidDeskId } from './desk.id';
import { canonicalDeskRole, rolePairsOf } from './desk.roles';
import { DeskUser } from './desk.types';

export const VENDOR = 'desk';
export const DESK_SECRET_KEYS = [...UNIVERSAL_SECRET_KEYS, 'registration_password'];

/**
 * The version of what this file makes of a list item. A sync skips mapping an
 * item whose digest (this version and the item as sent) it already holds, so
 * a change to what an item maps to must change this too: the mapping spec pins
 * the output of a fixed page against it.
 */
export const DESK_MAPPING = 'desk/1';

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The canonical group standing for `member_all_desks: "1"`: a member of every desk, present and future. */
export const ALL_DESKS_GROUP: UserGroup = { id: 'desk/*', name: 'All desks' };

/** Desks and groups are two id spaces at the desk: the prefix keeps them apart canonically. */
function refs(value: unknown, prefix: 'desk' | 'group'): UserGroup[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((ref) => {
    const id = normalizeText(ref.id);
    return id === null ? [] : [{ id: `${prefix}/${id}`, name: normalizeText(ref.name) }];
  });
}

/** A deleted flag wins over the active flag: a deleted user is never "active". */
function statusOf(raw: DeskUser): UserStatus {
  if (normalizeBoolean(raw.is_deleted) === true) return 'deleted';
  return normalizeBoolean(raw.is_active) === true ? 'active' : 'inactive';
}

/** A desk user's id, checked: an object without an id that is safe in a path is unreadable. */
export function deskIdOf(value: unknown): string {
  if (!isObject(value)) throw unexpectedShape(VENDOR, 'a user that is not an object');
  const vendorId = normalizeText(value.id);
  if (vendorId === null || !isValidDeskId(vendorId))
    throw unexpectedShape(VENDOR, 'a user without an id that is safe to use in a request path');
  return vendorId;
}

/** One desk user object as a canonical user of `connection`. */
export function parseDeskUser(value: unknown, connection: string = VENDOR): VendorUserRecord {
  const vendorId = deskIdOf(value);
  const raw = value as DeskUser & Record<string, unknown>;
  const vendorRole = rolePairsOf(raw.roles)[0]?.name ?? null;
  const allDesks = normalizeBoolean(raw.member_all_desks) === true ? [ALL_DESKS_GROUP] : [];
  return userRecord(
    {
      id: formatGlobalId(connection, vendorId),
      connection,
      vendor: VENDOR,
      vendorId,
      email: normalizeEmail(raw.email),
      username: normalizeText(raw.username),
      ...namesFromParts(raw.first_name, raw.last_name),
      phone: null,
      role: canonicalDeskRole(vendorRole),
      vendorRole,
      status: statusOf(raw),
      // timezone_id is the desk's internal numeric id, not an IANA zone: kept in vendorData only.
      timezone: null,
      language: normalizeLanguage(raw.default_language),
      groups: [...allDesks, ...refs(raw.desks, 'desk'), ...refs(raw.groups, 'group')],
      externalId: null,
      permissions: [],
      createdAt: normalizeDate(raw.created_at),
      updatedAt: normalizeDate(raw.updated_at),
      lastLoginAt: normalizeDate(raw.last_login),
    },
    () => withoutSecrets(raw, DESK_SECRET_KEYS),
  );
}
