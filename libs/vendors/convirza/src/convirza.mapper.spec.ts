import { VendorFailureError } from '@userbridge/vendor-core';
import { CONVIRZA_MAPPING, fromConvirzaListItem, fromConvirzaUser } from './convirza.mapper';
import { expectMappingPinned } from '@userbridge/vendor-core/testing/mapping-version.contract';

/** The Get User Details page's own example `data`. */
const DOCS_GET_USER = {
  ct_user_id: 12345,
  username: 'john.doe@example.com',
  first_name: 'John',
  last_name: 'Doe',
  user_ext_id: 'EXT-001',
  ct_user_ou_id: 1001,
  role_id: 2,
  role_name: 'Standard',
  user_status: 'active',
  score_call: false,
  access_audio: true,
  aliases: null,
  timezone: 'America/New_York',
  agent_ring_to: '+1234567890',
  agent_code: 10,
  user_created: '2026-01-15T10:30:00Z',
  user_modified: '2026-02-20T14:25:00Z',
};

describe('fromConvirzaUser', () => {
  it('maps the docs example exactly', () => {
    expect(fromConvirzaUser(DOCS_GET_USER)).toEqual({
      user: {
        id: 'convirza:12345',
        connection: 'convirza',
        vendor: 'convirza',
        vendorId: '12345',
        email: 'john.doe@example.com',
        username: 'john.doe@example.com',
        firstName: 'John',
        lastName: 'Doe',
        displayName: 'John Doe',
        // Well-formed E.164 that libphonenumber calls impossible: kept as the page gives it.
        phone: '+1234567890',
        role: 'member',
        vendorRole: 'Standard',
        status: 'active',
        timezone: 'America/New_York',
        language: null,
        groups: [{ id: '1001', name: null }],
        externalId: 'EXT-001',
        permissions: ['access_audio'],
        createdAt: '2026-01-15T10:30:00.000Z',
        updatedAt: '2026-02-20T14:25:00.000Z',
        lastLoginAt: null,
      },
      vendorData: DOCS_GET_USER,
    });
  });

  it('reads numbers as strings, mixed-case emails, unicode names and real phones', () => {
    const { user } = fromConvirzaUser({
      ...DOCS_GET_USER,
      ct_user_id: '77',
      username: '  Zoë.Ñúñez@Example.COM ',
      first_name: 'Zoë',
      last_name: ' Ñúñez ',
      agent_ring_to: '+1 (415) 555-0134',
      ct_user_ou_id: '1002',
      role_id: '1',
      role_name: null,
      score_call: 'true',
      access_audio: 0,
    });
    expect(user).toMatchObject({
      id: 'convirza:77',
      email: 'zoë.ñúñez@example.com',
      displayName: 'Zoë Ñúñez',
      phone: '+14155550134',
      role: 'admin',
      vendorRole: 'Admin',
      groups: [{ id: '1002', name: null }],
      permissions: ['score_call'],
    });
  });

  it('keeps unknown roles and statuses raw and maps them safely', () => {
    const { user, vendorData } = fromConvirzaUser({
      ...DOCS_GET_USER,
      role_id: 9,
      role_name: 'Team Supervisor',
      user_status: 'locked',
    });
    expect(user).toMatchObject({
      role: 'manager',
      vendorRole: 'Team Supervisor',
      status: 'inactive',
    });
    expect(vendorData).toMatchObject({ role_name: 'Team Supervisor', user_status: 'locked' });
  });

  it('nulls what is missing or unreadable', () => {
    const { user } = fromConvirzaUser({
      ct_user_id: 5,
      timezone: 'Mars/Olympus',
      user_created: 'yesterday',
    });
    expect(user).toMatchObject({
      email: null,
      username: null,
      firstName: null,
      displayName: null,
      phone: null,
      timezone: null,
      groups: [],
      externalId: null,
      permissions: [],
      createdAt: null,
      role: 'member',
      vendorRole: null,
      status: 'inactive',
    });
  });

  it('strips secrets from vendorData', () => {
    const { vendorData } = fromConvirzaUser({
      ...DOCS_GET_USER,
      password: 'p',
      nested: { access_token: 't' },
    });
    expect(JSON.stringify(vendorData)).not.toMatch(/"password"|access_token/);
  });

  it.each([
    null,
    'text',
    [],
    { username: 'x' },
    { ct_user_id: 0 },
    { ct_user_id: -3 },
    { ct_user_id: 1.5 },
  ])('refuses %p as an unexpected shape', (raw) =>
    expect(() => fromConvirzaUser(raw)).toThrow(VendorFailureError),
  );
});

/** A list item as the Get Users page shows one. */
const ITEM = {
  ct_user_id: 12345,
  email: 'John.Doe@Example.com',
  first_name: 'John',
  last_name: 'Doe',
  user_ext_id: 'EXT-001',
  status: 'active',
  agent_id: '10',
  group: 'Sales East',
  group_org_unit_id: 1001,
  role: 'Standard User',
  access_audio: 'Yes',
  timezone: 'America/New_York',
  agent_ring_to: '+1234567890',
  created: '2026-01-15T10:30:00Z',
};

describe('fromConvirzaListItem', () => {
  it('maps the list-item shape to the same canonical user as Get User, where the list carries the data', () => {
    const { user } = fromConvirzaListItem(ITEM);
    const fromGet = fromConvirzaUser(DOCS_GET_USER).user;
    expect(user).toEqual({
      ...fromGet,
      username: 'John.Doe@Example.com',
      // The list's display name "Standard User" is the role Get User names "Standard".
      vendorRole: 'Standard',
      groups: [{ id: '1001', name: 'Sales East' }],
      // Not in the documented list item (README: fields the list lacks).
      updatedAt: null,
    });
  });

  it('reads score_call and user_modified when a list item carries them, agreeing with Get User', () => {
    const fromGet = fromConvirzaUser({ ...DOCS_GET_USER, score_call: true }).user;
    const { user } = fromConvirzaListItem({
      ...ITEM,
      score_call: true,
      user_modified: '2026-02-20T14:25:00Z',
    });
    expect(user.permissions.sort()).toEqual([...fromGet.permissions].sort());
    expect(user.updatedAt).toBe(fromGet.updatedAt);
    expect(user.vendorRole).toBe(fromGet.vendorRole);
  });

  it('keeps an unknown list role name as it is', () => {
    expect(fromConvirzaListItem({ ...ITEM, role: 'Call Coach' }).user.vendorRole).toBe(
      'Call Coach',
    );
  });

  it.each([
    ['Admin', 'admin'],
    ['Read Only User', 'read_only'],
    ['Standard User', 'member'],
    ['Billing Viewer', 'read_only'],
  ])('role %p -> %p', (role, canonical) =>
    expect(fromConvirzaListItem({ ...ITEM, role }).user.role).toBe(canonical),
  );

  it('reads "No" audio access and deleted users', () => {
    expect(
      fromConvirzaListItem({ ...ITEM, access_audio: 'No', status: 'Deleted' }).user,
    ).toMatchObject({ permissions: [], status: 'deleted' });
  });
});

describe('CONVIRZA_MAPPING', () => {
  it('is pinned to what a fixed page of list items maps to', () => {
    const items = [
      ITEM,
      {
        ...ITEM,
        ct_user_id: 7,
        status: 'inactive',
        role: 'Admin',
        agent_ring_to: '(212) 555-0100',
      },
      { ...ITEM, ct_user_id: 8, email: null, access_audio: 'No', group: null, timezone: 'UTC' },
    ];
    const records = items.map((item) => fromConvirzaListItem(item, 'conn'));
    expectMappingPinned(CONVIRZA_MAPPING, records, {
      version: 'convirza/1',
      output: 'J7WcIy1d-DrPd2HH',
    });
  });
});
