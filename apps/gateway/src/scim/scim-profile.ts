import type { UserWriteInput, VendorAdapter, WritableField } from '@userbridge/vendor-core';
import type { ScimConnectionOptions } from '../config/config-file';

/** How SCIM sees one attribute at one connection. */
export type ScimAccess = 'readWrite' | 'readOnly' | 'absent';

/**
 * What one connection's vendor can hold, in SCIM terms: derived from the
 * adapter's published write rules (a field it refuses on create is one it
 * has no place for), so `/Schemas`, the mapper and the writes agree with
 * what the vendor really stores, and no vendor is named here.
 */
export interface ScimProfile {
  connection: string;
  vendor: string;
  /** `userName` is the vendor's username, or (a vendor keyed by email) the email address. */
  userName: 'username' | 'email';
  displayName: ScimAccess;
  phone: ScimAccess;
  timezone: ScimAccess;
  language: ScimAccess;
  /** The enterprise extension's `organization` is the vendor's company (set on create only). */
  organization: ScimAccess;
  /** True: the vendor has no external id, so the directory keeps the IdP's (never overwritten by a sync). */
  externalIdInDirectory: boolean;
  /** The vendor needs a password on create (a generated one when the IdP sends none). */
  needsPassword: boolean;
  /** The vendor takes a password at all (others ignore the IdP's: they set their own). */
  takesPassword: boolean;
  /** The vendor requires a role on create: `member` when the IdP sends no role. */
  needsRole: boolean;
  /** The vendor requires an org unit on create: `options.scim.defaultOrgUnitId`. */
  needsOrgUnit: boolean;
  /** The vendor requires a company on create: the organization, else `options.scim.defaultCompany`. */
  needsCompany: boolean;
  /** The vendor keeps one full name: a displayName that disagrees with the name parts wins. */
  oneFullName: boolean;
  /** The vendor has a partial update (PATCH); without one SCIM PATCH is a read-modify-write PUT. */
  canPatch: boolean;
  /** The vendor can delete users (a SCIM DELETE may delete there when the connection opts in). */
  canDelete: boolean;
  options: ScimConnectionOptions;
}

function requires(adapter: VendorAdapter, field: WritableField): boolean {
  const required = adapter.writeRules?.create?.required ?? [];
  return required.some((entry) =>
    typeof entry === 'string' ? entry === field : entry.includes(field),
  );
}

export function scimProfileOf(
  adapter: VendorAdapter,
  options: ScimConnectionOptions = {},
): ScimProfile {
  const refused = adapter.writeRules?.create?.refused ?? {};
  const writable = (field: keyof UserWriteInput): boolean => refused[field] === undefined;
  const access = (field: keyof UserWriteInput, readable: boolean): ScimAccess =>
    writable(field) ? 'readWrite' : readable ? 'readOnly' : 'absent';
  const nameParts = writable('firstName') && writable('lastName');
  return {
    connection: adapter.name,
    vendor: adapter.vendor,
    userName: writable('username') ? 'username' : 'email',
    // Vendors that refuse a displayName still answer one (made of the name parts).
    displayName: access('displayName', true),
    phone: access('phone', false),
    timezone: access('timezone', false),
    language: access('language', false),
    organization: writable('company') ? 'readWrite' : 'absent',
    externalIdInDirectory: !writable('externalId'),
    needsPassword: requires(adapter, 'password'),
    takesPassword: writable('password'),
    needsRole: requires(adapter, 'role'),
    needsOrgUnit: requires(adapter, 'orgUnitId'),
    needsCompany: requires(adapter, 'company'),
    oneFullName: nameParts && writable('displayName') && requires(adapter, 'displayName'),
    canPatch: adapter.capabilities.includes('patch') && adapter.patch !== undefined,
    canDelete: adapter.capabilities.includes('delete') && adapter.delete !== undefined,
    options,
  };
}

/** The core and enterprise attribute names a connection serves, for its `/Schemas`. */
export function schemaSelectionOf(profile: ScimProfile): { core: string[]; enterprise: string[] } {
  const core = ['userName', 'name.givenName', 'name.familyName', 'emails', 'active', 'roles'];
  if (profile.displayName !== 'absent') core.push('displayName');
  if (profile.phone !== 'absent') core.push('phoneNumbers');
  if (profile.timezone !== 'absent') core.push('timezone');
  if (profile.language !== 'absent') core.push('preferredLanguage', 'locale');
  if (profile.takesPassword) core.push('password');
  return { core, enterprise: profile.organization === 'absent' ? [] : ['organization'] };
}
