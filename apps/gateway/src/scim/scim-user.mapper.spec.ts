import type { StoredCanonicalUser } from '@userbridge/directory';
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA, ScimError } from '@userbridge/scim';
import { ScimProfile } from './scim-profile';
import { changedScimFields, fromScimUser, scimBoolean, toScimUser } from './scim-user.mapper';
import { ifMatchAllows } from './scim-users.service';

const base: Omit<ScimProfile, 'connection' | 'vendor' | 'userName'> = {
  displayName: 'readOnly',
  phone: 'absent',
  timezone: 'absent',
  language: 'readWrite',
  organization: 'absent',
  externalIdInDirectory: true,
  needsPassword: true,
  takesPassword: true,
  needsRole: false,
  needsOrgUnit: false,
  needsCompany: false,
  oneFullName: false,
  canPatch: false,
  canDelete: false,
  options: {},
};
const DESK: ScimProfile = { ...base, connection: 'desk', vendor: 'desk', userName: 'username' };
const CREDIRA: ScimProfile = {
  ...base,
  connection: 'credira',
  vendor: 'credira',
  userName: 'email',
  displayName: 'readWrite',
  phone: 'readWrite',
  organization: 'readWrite',
  externalIdInDirectory: false,
  takesPassword: false,
  needsPassword: false,
  oneFullName: true,
};

const user: StoredCanonicalUser = {
  id: 'desk:42',
  connection: 'desk',
  vendor: 'desk',
  vendorId: '42',
  email: 'ann@example.com',
  username: 'ann',
  firstName: 'Ann',
  lastName: 'Lee',
  displayName: 'Ann Lee',
  phone: '+14155550100',
  role: 'member',
  vendorRole: 'Agent',
  status: 'active',
  timezone: null,
  language: 'en-US',
  groups: [{ id: 'acct_1', name: 'Acme' }],
  externalId: 'ext-1',
  permissions: [],
  createdAt: null,
  updatedAt: null,
  lastLoginAt: null,
};
const times = { created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-02T00:00:00.000Z' };

describe('toScimUser', () => {
  it('shows only what the vendor holds, with a version that follows the representation', () => {
    const resource = toScimUser(user, DESK, times, 'http://gw/scim/v2/desk/Users/42');
    expect(resource).toEqual({
      schemas: [SCIM_USER_SCHEMA],
      id: '42',
      externalId: 'ext-1',
      userName: 'ann',
      name: { givenName: 'Ann', familyName: 'Lee' },
      displayName: 'Ann Lee',
      emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
      active: true,
      preferredLanguage: 'en-US',
      locale: 'en-US',
      roles: [{ value: 'member', primary: true }],
      meta: {
        resourceType: 'User',
        ...times,
        location: 'http://gw/scim/v2/desk/Users/42',
        version: expect.stringMatching(/^W\/"[A-Za-z0-9_-]{22}"$/),
      },
    });
    const same = toScimUser(user, DESK, { created: null, lastModified: null }, 'elsewhere');
    expect(same.meta.version).toBe(resource.meta.version);
    const changed = toScimUser({ ...user, status: 'inactive' }, DESK, times, 'x');
    expect(changed.meta.version).not.toBe(resource.meta.version);
  });

  it('adds the enterprise organization where the vendor keeps a company', () => {
    const resource = toScimUser(user, CREDIRA, times, 'x');
    expect(resource.schemas).toEqual([SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA]);
    expect(resource[SCIM_ENTERPRISE_USER_SCHEMA]).toEqual({ organization: 'Acme' });
    expect(resource.userName).toBe('ann@example.com');
    expect(resource.phoneNumbers).toEqual([{ value: '+14155550100', type: 'work', primary: true }]);
  });
});

describe('fromScimUser', () => {
  it('reads what Okta and Entra send, case-insensitively, ignoring what the vendor cannot hold', () => {
    const written = fromScimUser(
      {
        schemas: [SCIM_USER_SCHEMA],
        UserName: ' ann ',
        Name: { GivenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' },
        emails: [
          { Primary: false, type: 'home', value: 'home@example.com' },
          { Primary: 'True', type: 'work', value: 'ann@example.com' },
        ],
        displayName: 'ignored: read-only at the desk',
        phoneNumbers: [{ value: '+1 415 555 0100' }],
        active: 'False',
        password: 'Secret-pass-1',
        roles: [{ value: 'Admin' }],
        externalId: 'ext-9',
      },
      DESK,
    );
    expect(written).toEqual({
      fields: {
        username: 'ann',
        email: 'ann@example.com',
        firstName: 'Ann',
        lastName: 'Lee',
        status: 'inactive',
        role: 'admin',
        language: null,
        externalId: 'ext-9',
      },
      password: 'Secret-pass-1',
    });
  });

  it('refuses what cannot be right with 400 invalidValue', () => {
    const refused = (resource: Record<string, unknown>, profile = DESK) => {
      try {
        fromScimUser(resource, profile);
      } catch (error) {
        expect(error).toBeInstanceOf(ScimError);
        return [(error as ScimError).status, (error as ScimError).scimType];
      }
      return null;
    };
    expect(refused({})).toEqual([400, 'invalidValue']);
    expect(refused({ userName: 'ann', active: 'maybe' })).toEqual([400, 'invalidValue']);
    expect(refused({ userName: 'ann', roles: [{ value: 'root' }] })).toEqual([400, 'invalidValue']);
    expect(refused({ userName: 'not-an-email' }, CREDIRA)).toEqual([400, 'invalidValue']);
    expect(
      refused({ userName: 'a@example.com', emails: [{ value: 'b@example.com' }] }, CREDIRA),
    ).toEqual([400, 'invalidValue']);
  });

  it('lets a displayName that disagrees with the name parts win where the vendor keeps one name', () => {
    const written = fromScimUser(
      {
        userName: 'ann@example.com',
        displayName: 'Lee, Ann',
        name: { givenName: 'Ann', familyName: 'Lee' },
        [SCIM_ENTERPRISE_USER_SCHEMA]: { organization: 'Globex' },
      },
      CREDIRA,
    );
    expect(written.fields).toMatchObject({ email: 'ann@example.com', displayName: 'Lee, Ann' });
    expect(written.fields.firstName).toBeUndefined();
    expect(written.organization).toBe('Globex');
    expect(written.password).toBeUndefined();
  });
});

describe('changedScimFields', () => {
  it('keeps only what differs from the user as read (emails and usernames without case)', () => {
    expect(
      changedScimFields(
        { username: 'ANN', email: 'Ann@Example.com', firstName: 'Anne', status: 'active' },
        user,
      ),
    ).toEqual({ firstName: 'Anne' });
  });
});

describe('scimBoolean and If-Match', () => {
  it('reads booleans and "True"/"False"', () => {
    expect(scimBoolean('TRUE', 'active')).toBe(true);
    expect(scimBoolean(false, 'active')).toBe(false);
    expect(scimBoolean(undefined, 'active')).toBeUndefined();
  });

  it('matches weak and strong forms, lists and *', () => {
    expect(ifMatchAllows(undefined, 'W/"a"')).toBe(true);
    expect(ifMatchAllows('W/"a"', 'W/"a"')).toBe(true);
    expect(ifMatchAllows('"a"', 'W/"a"')).toBe(true);
    expect(ifMatchAllows('W/"b", W/"a"', 'W/"a"')).toBe(true);
    expect(ifMatchAllows('*', 'W/"a"')).toBe(true);
    expect(ifMatchAllows('W/"b"', 'W/"a"')).toBe(false);
  });
});
