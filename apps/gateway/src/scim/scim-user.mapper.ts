import { CANONICAL_ROLES, CanonicalRole, isCanonicalRole } from '@userbridge/canonical';
import type { StoredCanonicalUser } from '@userbridge/directory';
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA, ScimError } from '@userbridge/scim';
import type { UserUpdateInput } from '@userbridge/vendor-core';
import { createHash } from 'node:crypto';
import type { ScimProfile } from './scim-profile';

/** A SCIM User as this gateway serves and reads it (RFC 7643 §4.1); unknown keys pass through reads. */
export type ScimUserResource = Record<string, unknown> & {
  schemas: string[];
  id: string;
  meta: ScimMeta;
};

export interface ScimMeta {
  resourceType: 'User';
  created: string | null;
  lastModified: string | null;
  location: string;
  version: string;
}

/** Canonical fields a SCIM write manages; everything else of the user is kept as it is. */
export const SCIM_MANAGED_FIELDS = [
  'username',
  'email',
  'firstName',
  'lastName',
  'displayName',
  'phone',
  'status',
  'role',
  'timezone',
  'language',
  'externalId',
] as const;
export type ScimManagedField = (typeof SCIM_MANAGED_FIELDS)[number];

/** What a SCIM resource asks of the vendor, in canonical terms. */
export interface ScimWriteFields {
  fields: Partial<Pick<UserUpdateInput, ScimManagedField>>;
  /** Write-only: passed to the vendor, never returned, logged or stored. */
  password?: string;
  /** The enterprise extension's organization (the vendor's company, create only). */
  organization?: string;
}

/** When the user was last written, for `meta`: the directory's timestamps where the vendor gives none. */
export interface ScimTimes {
  created: string | null;
  lastModified: string | null;
}

const invalid = (detail: string) => new ScimError(400, 'invalidValue', detail);

/** The body of a resource that its version covers: everything but `meta`. */
function versionOf(resource: Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(resource)).digest('base64url');
  return `W/"${digest.slice(0, 22)}"`;
}

/**
 * A canonical user as the SCIM User of its connection: only what the vendor
 * holds, unassigned attributes left out (RFC 7643 §2.5), the version a hash
 * of the representation (so any visible change changes the ETag).
 */
export function toScimUser(
  user: StoredCanonicalUser,
  profile: ScimProfile,
  times: ScimTimes,
  location: string,
): ScimUserResource {
  const body: Record<string, unknown> = {};
  const userName = profile.userName === 'username' ? user.username : user.email;
  if (user.externalId !== null) body.externalId = user.externalId;
  if (userName !== null) body.userName = userName;
  const name: Record<string, string> = {};
  if (user.firstName !== null) name.givenName = user.firstName;
  if (user.lastName !== null) name.familyName = user.lastName;
  if (Object.keys(name).length > 0) body.name = name;
  if (profile.displayName !== 'absent' && user.displayName !== null)
    body.displayName = user.displayName;
  if (user.email !== null) body.emails = [{ value: user.email, type: 'work', primary: true }];
  if (profile.phone !== 'absent' && user.phone !== null)
    body.phoneNumbers = [{ value: user.phone, type: 'work', primary: true }];
  body.active = user.status === 'active';
  if (profile.timezone !== 'absent' && user.timezone !== null) body.timezone = user.timezone;
  if (profile.language !== 'absent' && user.language !== null) {
    body.preferredLanguage = user.language;
    body.locale = user.language;
  }
  body.roles = [{ value: user.role, primary: true }];
  const organization = user.groups[0]?.name ?? null;
  const schemas = [SCIM_USER_SCHEMA];
  if (profile.organization !== 'absent' && organization !== null) {
    schemas.push(SCIM_ENTERPRISE_USER_SCHEMA);
    body[SCIM_ENTERPRISE_USER_SCHEMA] = { organization };
  }
  const version = versionOf({ id: user.vendorId, ...body });
  return {
    schemas,
    id: user.vendorId,
    ...body,
    meta: {
      resourceType: 'User',
      created: times.created,
      lastModified: times.lastModified,
      location,
      version,
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A key of an object, case-insensitively (attribute names are case-insensitive, RFC 7643 §2.1). */
function field(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

function text(value: unknown, what: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid(`${what} must be a string`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** `true`/`false`, and Entra's `"True"`/`"False"`. */
export function scimBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  throw invalid(`${what} must be true or false`);
}

/**
 * The value a multi-valued attribute stands for: the primary element, else
 * the first of `preferredType`, else the first. Absent: undefined; an empty
 * list: null (the value is cleared).
 */
function pluralValue(
  value: unknown,
  what: string,
  preferredType: string,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!Array.isArray(value)) throw invalid(`${what} must be a list`);
  const elements = value.filter(isObject);
  if (elements.length !== value.length) throw invalid(`${what} must be a list of objects`);
  if (elements.length === 0) return null;
  const primary =
    elements.find((e) => scimBoolean(field(e, 'primary'), `${what}.primary`) === true) ??
    elements.find((e) => String(field(e, 'type') ?? '').toLowerCase() === preferredType) ??
    elements[0];
  return text(field(primary, 'value'), `${what}.value`) ?? null;
}

function role(value: unknown): CanonicalRole | undefined {
  const given = pluralValue(value, 'roles', 'primary');
  if (given === undefined || given === null) return undefined;
  const lower = given.toLowerCase();
  if (!isCanonicalRole(lower))
    throw invalid(
      `roles value "${given.slice(0, 40)}" is not one of ${CANONICAL_ROLES.join(', ')}`,
    );
  return lower;
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

/**
 * What a whole SCIM User (a POST or PUT body, or a resource after a PATCH)
 * asks the vendor to hold. Attributes the vendor has no place for, and
 * read-only ones, are ignored (RFC 7644 §3.5.1); an absent attribute the
 * vendor holds is cleared (null), as a replace asks.
 */
export function fromScimUser(
  resource: Record<string, unknown>,
  profile: ScimProfile,
): ScimWriteFields {
  const userName = text(field(resource, 'userName'), 'userName');
  if (userName === undefined || userName === null)
    throw invalid('userName is required (a non-empty string)');
  const enterprise = field(resource, SCIM_ENTERPRISE_USER_SCHEMA);
  const nameValue = field(resource, 'name');
  if (nameValue !== undefined && nameValue !== null && !isObject(nameValue))
    throw invalid('name must be an object');
  const name = isObject(nameValue) ? nameValue : {};
  const email = pluralValue(field(resource, 'emails'), 'emails', 'work');

  const fields: ScimWriteFields['fields'] = {};
  if (profile.userName === 'email') {
    if (!EMAIL_LIKE.test(userName))
      throw invalid(
        `userName must be an email address at ${profile.connection}: its users are keyed by email`,
      );
    if (email !== undefined && email !== null && email.toLowerCase() !== userName.toLowerCase())
      throw invalid(
        `at ${profile.connection} userName is the email address: emails must not name another one (map the IdP's email to userName)`,
      );
    fields.email = userName;
  } else {
    fields.username = userName;
    fields.email = email ?? (EMAIL_LIKE.test(userName) ? userName : null);
  }
  fields.firstName = text(field(name, 'givenName'), 'name.givenName') ?? null;
  fields.lastName = text(field(name, 'familyName'), 'name.familyName') ?? null;
  if (profile.displayName === 'readWrite') {
    const displayName = text(field(resource, 'displayName'), 'displayName') ?? null;
    fields.displayName = displayName;
    // One full name at the vendor: a displayName that disagrees with the parts is that name.
    if (
      profile.oneFullName &&
      displayName !== null &&
      `${fields.firstName ?? ''} ${fields.lastName ?? ''}`.trim() !== displayName
    ) {
      delete fields.firstName;
      delete fields.lastName;
    }
  }
  if (profile.phone === 'readWrite')
    fields.phone = pluralValue(field(resource, 'phoneNumbers'), 'phoneNumbers', 'work') ?? null;
  const active = scimBoolean(field(resource, 'active'), 'active');
  fields.status = active === false ? 'inactive' : 'active';
  const givenRole = role(field(resource, 'roles'));
  if (givenRole !== undefined) fields.role = givenRole;
  if (profile.timezone === 'readWrite')
    fields.timezone = text(field(resource, 'timezone'), 'timezone') ?? null;
  if (profile.language === 'readWrite')
    fields.language =
      text(field(resource, 'preferredLanguage'), 'preferredLanguage') ??
      text(field(resource, 'locale'), 'locale') ??
      null;
  fields.externalId = text(field(resource, 'externalId'), 'externalId') ?? null;

  const written: ScimWriteFields = { fields };
  const password = field(resource, 'password');
  if (password !== undefined && password !== null) {
    if (typeof password !== 'string') throw invalid('password must be a string');
    if (profile.takesPassword) written.password = password;
  }
  if (profile.organization === 'readWrite' && isObject(enterprise)) {
    const organization = text(field(enterprise, 'organization'), 'organization');
    if (organization) written.organization = organization;
  }
  return written;
}

/** Compares as the vendor does: emails and user names without regard to case. */
function same(field: ScimManagedField, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && (field === 'email' || field === 'username'))
    return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/**
 * The fields of a SCIM write that differ from the user as read: a replace
 * that repeats the user (Okta's GET-merge-PUT) changes nothing. A role not
 * given keeps the user's role.
 */
export function changedScimFields(
  wanted: ScimWriteFields['fields'],
  current: StoredCanonicalUser,
): ScimWriteFields['fields'] {
  const changes: Record<string, unknown> = {};
  for (const name of SCIM_MANAGED_FIELDS) {
    const value = wanted[name];
    if (value === undefined) continue;
    if (!same(name, value, current[name])) changes[name] = value;
  }
  return changes as ScimWriteFields['fields'];
}
