import {
  formatGlobalId,
  namesFromFullName,
  normalizeDate,
  normalizeEmail,
  normalizeLanguage,
  normalizePhone,
  normalizeText,
  normalizeTimezone,
  statusFromTable,
  roleFromKeywords,
  UserGroup,
  UserStatus,
} from '@userbridge/canonical';
import { unexpectedShape, userRecord, VendorUserRecord } from '@userbridge/vendor-core';
import { isObject, VENDOR } from './credira.envelope';
import { isValidCrediraId } from './credira.id';
import { withoutCrediraSecrets } from './credira.secrets';
import { CrediraMetadata, CrediraUser } from './credira.types';

/**
 * The version of what this file makes of a list item. A sync skips mapping an
 * item whose digest (this version and the item as sent) it already holds, so
 * a change to what an item maps to must change this too: the mapping spec pins
 * the output of a fixed page against it.
 */
export const CREDIRA_MAPPING = 'credira/1';

const STATUSES: Record<string, UserStatus> = {
  active: 'active',
  inactive: 'inactive',
  suspended: 'inactive',
};

/** Credira's status words, `suspended` being inactive; anything else reads as inactive (canonical rule). */
export function crediraStatusOf(value: unknown): UserStatus {
  return statusFromTable(value, STATUSES);
}

/** Only strings are permissions; anything else in the array is vendor noise and stays in vendorData. */
function permissionsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function groupsOf(raw: CrediraUser): UserGroup[] {
  const account = normalizeText(raw.account_id);
  return account === null ? [] : [{ id: account, name: normalizeText(raw.company) }];
}

/** A Credira user (Get User page shape, also used by list items) as a canonical user of `connection`. */
export function parseCrediraUser(value: unknown, connection: string = VENDOR): VendorUserRecord {
  if (!isObject(value)) throw unexpectedShape(VENDOR, 'a user that is not an object');
  const raw = value as unknown as CrediraUser & Record<string, unknown>;
  if (typeof raw.id !== 'string' || !isValidCrediraId(raw.id)) {
    throw unexpectedShape(VENDOR, 'a user without an id that is safe to use in a request path');
  }
  const vendorId = raw.id;
  const metadata: CrediraMetadata = isObject(raw.metadata) ? raw.metadata : {};
  const vendorRole = normalizeText(raw.role);
  return userRecord(
    {
      id: formatGlobalId(connection, vendorId),
      connection,
      vendor: VENDOR,
      vendorId,
      email: normalizeEmail(raw.email),
      username: null,
      ...namesFromFullName(raw.name),
      phone: normalizePhone(raw.phone),
      role: roleFromKeywords(vendorRole),
      vendorRole,
      status: crediraStatusOf(raw.status),
      timezone: normalizeTimezone(metadata.timezone),
      language: normalizeLanguage(metadata.language),
      groups: groupsOf(raw),
      externalId: normalizeText(metadata.external_id),
      permissions: permissionsOf(raw.permissions),
      createdAt: normalizeDate(raw.created_time),
      updatedAt: normalizeDate(raw.updated_time),
      lastLoginAt: normalizeDate(raw.last_login),
    },
    () => withoutCrediraSecrets(raw),
  );
}
