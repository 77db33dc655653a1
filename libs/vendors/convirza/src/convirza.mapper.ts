import {
  formatGlobalId,
  namesFromParts,
  normalizeBoolean,
  normalizeDate,
  normalizeEmail,
  normalizePhone,
  normalizeText,
  normalizeTimezone,
  statusFromTable,
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
import { isObject, VENDOR } from './convirza.envelope';
import { isValidConvirzaId } from './convirza.id';
import { canonicalRoleOf, roleNameOfId, roleNameOfListName } from './convirza.roles';
import { ConvirzaListItem, ConvirzaUser } from './convirza.types';

/**
 * The version of what this file makes of a list item. A sync skips mapping an
 * item whose digest (this version and the item as sent) it already holds, so
 * a change to what an item maps to must change this too: the mapping spec pins
 * the output of a fixed page against it.
 */
export const CONVIRZA_MAPPING = 'convirza/1';

/** Convirza's status words (`user_status`, list `status`); anything else reads as inactive. */
const STATUSES: Record<string, UserStatus> = {
  active: 'active',
  inactive: 'inactive',
  deleted: 'deleted',
};

const statusOf = (value: unknown): UserStatus => statusFromTable(value, STATUSES);

function idOf(raw: Record<string, unknown>): string {
  const id = normalizeText(raw.ct_user_id);
  if (id === null || !isValidConvirzaId(id))
    throw unexpectedShape(VENDOR, 'a user without a positive integer ct_user_id');
  return id;
}

/** Score-call and audio-access flags are the only permissions Convirza exposes on a user. */
function permissionsOf(flags: Record<string, unknown>): string[] {
  const granted: string[] = [];
  for (const name in flags) if (normalizeBoolean(flags[name]) === true) granted.push(name);
  return granted;
}

function record(
  connection: string,
  vendorId: string,
  raw: Record<string, unknown>,
  user: Omit<VendorUserRecord['user'], 'id' | 'connection' | 'vendor' | 'vendorId'>,
): VendorUserRecord {
  return userRecord(
    { id: formatGlobalId(connection, vendorId), connection, vendor: VENDOR, vendorId, ...user },
    () => withoutSecrets(raw, UNIVERSAL_SECRET_KEYS),
  );
}

/** The Get User Details shape (`GET /users/{id}`), as a user of `connection`. */
export function fromConvirzaUser(value: unknown, connection: string = VENDOR): VendorUserRecord {
  if (!isObject(value)) throw unexpectedShape(VENDOR, 'a user that is not an object');
  const raw = value as unknown as ConvirzaUser & Record<string, unknown>;
  const vendorId = idOf(raw);
  const vendorRole = normalizeText(raw.role_name) ?? roleNameOfId(raw.role_id);
  const orgUnit = normalizeText(raw.ct_user_ou_id);
  const groups: UserGroup[] = orgUnit === null ? [] : [{ id: orgUnit, name: null }];
  return record(connection, vendorId, raw, {
    email: normalizeEmail(raw.username),
    username: normalizeText(raw.username),
    ...namesFromParts(raw.first_name, raw.last_name),
    phone: normalizePhone(raw.agent_ring_to),
    role: canonicalRoleOf(raw.role_id, vendorRole),
    vendorRole,
    status: statusOf(raw.user_status),
    timezone: normalizeTimezone(raw.timezone),
    language: null,
    groups,
    externalId: normalizeText(raw.user_ext_id),
    permissions: permissionsOf({ score_call: raw.score_call, access_audio: raw.access_audio }),
    createdAt: normalizeDate(raw.user_created),
    updatedAt: normalizeDate(raw.user_modified),
    lastLoginAt: null,
  });
}

/** The List Users item shape (`GET /users`): `email`, `status`, `group`, `role` as a display name. */
export function fromConvirzaListItem(
  value: unknown,
  connection: string = VENDOR,
): VendorUserRecord {
  if (!isObject(value)) throw unexpectedShape(VENDOR, 'a list item that is not an object');
  const raw = value as unknown as ConvirzaListItem & Record<string, unknown>;
  const vendorId = idOf(raw);
  // The list shows a role's display name ("Standard User"): read as the role's own name, so
  // vendorRole agrees with Get User; an unknown display name is kept as it is.
  const vendorRole = roleNameOfListName(normalizeText(raw.role));
  const orgUnit = normalizeText(raw.group_org_unit_id);
  const groups: UserGroup[] =
    orgUnit === null ? [] : [{ id: orgUnit, name: normalizeText(raw.group) }];
  return record(connection, vendorId, raw, {
    email: normalizeEmail(raw.email),
    username: normalizeText(raw.email),
    ...namesFromParts(raw.first_name, raw.last_name),
    phone: normalizePhone(raw.agent_ring_to),
    role: canonicalRoleOf(undefined, vendorRole),
    vendorRole,
    status: statusOf(raw.status),
    timezone: normalizeTimezone(raw.timezone),
    language: null,
    groups,
    externalId: normalizeText(raw.user_ext_id),
    // The documented list item lacks score_call and the modification time: used when present.
    permissions: permissionsOf({ score_call: raw.score_call, access_audio: raw.access_audio }),
    createdAt: normalizeDate(raw.created),
    updatedAt: normalizeDate(raw.user_modified),
    lastLoginAt: null,
  });
}
