import { VendorFailureError } from '@userbridge/vendor-core';
import { DESK_MAPPING, parseDeskUser } from './desk.mapper';
import { expectMappingPinned } from '@userbridge/vendor-core/testing/mapping-version.contract';

/** Every field of the desk's Get User page, all strings, as the API sends them. */
const DOCS_USER = {
  id: '42',
  username: 'jdoe',
  email: 'John.Doe@Example.com',
  registration_password: 's3cret-sip-pass',
  is_active: '1',
  is_clockedin: '0',
  sip_uri: 'sip:jdoe@tenant.td.commpeak.com',
  auto_dial: '0',
  is_deleted: '0',
  use_extended_ip_acl: '0',
  user_route_caller_id: '',
  timezone_id: '17',
  use_webrtc: '1',
  first_name: 'John',
  last_name: 'Doe',
  virtual_extension: '1042',
  default_language: 'en_US',
  max_session_time: '0',
  max_concurrent_sessions: '1',
  twofa_type: 'default',
  member_all_desks: '0',
  desks: [{ id: '1', name: 'Sales Desk' }],
  roles: { '3': 'Agent' },
  groups: [{ id: '5', name: 'Tier 1' }],
};

describe('parseDeskUser', () => {
  it('maps the documented fields exactly', () => {
    const { registration_password: _secret, ...visible } = DOCS_USER;
    expect(parseDeskUser(DOCS_USER)).toEqual({
      user: {
        id: 'desk:42',
        connection: 'desk',
        vendor: 'desk',
        vendorId: '42',
        email: 'john.doe@example.com',
        username: 'jdoe',
        firstName: 'John',
        lastName: 'Doe',
        displayName: 'John Doe',
        phone: null,
        role: 'member',
        vendorRole: 'Agent',
        status: 'active',
        timezone: null,
        language: 'en-US',
        groups: [
          { id: 'desk/1', name: 'Sales Desk' },
          { id: 'group/5', name: 'Tier 1' },
        ],
        externalId: null,
        permissions: [],
        createdAt: null,
        updatedAt: null,
        lastLoginAt: null,
      },
      vendorData: visible,
    });
  });

  it('never lets the registration password out', () => {
    expect(JSON.stringify(parseDeskUser({ ...DOCS_USER, nested: { password: 'p' } }))).not.toMatch(
      /s3cret|registration_password|"password"/,
    );
  });

  it.each([
    [{ is_active: 1, is_deleted: 0 }, 'active'],
    [{ is_active: 'true', is_deleted: 'false' }, 'active'],
    [{ is_active: '0' }, 'inactive'],
    [{ is_active: '1', is_deleted: '1' }, 'deleted'],
    [{ is_active: 'maybe' }, 'inactive'],
  ])('flags %p -> %p', (flags, status) =>
    expect(parseDeskUser({ ...DOCS_USER, ...flags }).user.status).toBe(status),
  );

  it.each([
    [{ '1': 'Admin' }, 'admin', 'Admin'],
    [{ '4': 'Viewer', '2': 'Supervisor' }, 'manager', 'Supervisor'],
    [[{ id: '4', name: 'Viewer' }], 'read_only', 'Viewer'],
    [['Agent'], 'member', 'Agent'],
    [{ '9': 'Quality Lead' }, 'member', 'Quality Lead'],
    [{ '7': 'Read Only Auditor' }, 'read_only', 'Read Only Auditor'],
    [{ '12': 'Agent', '8': 'Desk Supervisor II' }, 'manager', 'Desk Supervisor II'],
    [{}, 'member', null],
  ])('roles %p -> %p (%p kept)', (roles, role, vendorRole) => {
    expect(parseDeskUser({ ...DOCS_USER, roles }).user).toMatchObject({ role, vendorRole });
  });

  it('reads numbers, blanks and unicode', () => {
    const { user } = parseDeskUser({
      ...DOCS_USER,
      id: 42,
      email: '  ',
      first_name: 'Zoe\u0308',
      last_name: ' N\u0303u\u0301n\u0303ez ',
      default_language: 'xx_YY_ZZ',
      twofa_type: 'sms',
    });
    expect(user).toMatchObject({
      id: 'desk:42',
      email: null,
      firstName: 'Zoe\u0308',
      lastName: 'N\u0303u\u0301n\u0303ez',
      language: null,
    });
    expect(parseDeskUser({ ...DOCS_USER, twofa_type: 'sms' }).vendorData.twofa_type).toBe('sms');
  });

  it('keeps only what it can read of desks and groups', () => {
    expect(
      parseDeskUser({ ...DOCS_USER, desks: 'all', groups: [null, { name: 'no id' }, { id: 7 }] })
        .user.groups,
    ).toEqual([{ id: 'group/7', name: null }]);
  });

  it('reads a user with only an id', () => {
    expect(parseDeskUser({ id: '7' })).toEqual({
      user: {
        id: 'desk:7',
        connection: 'desk',
        vendor: 'desk',
        vendorId: '7',
        email: null,
        username: null,
        firstName: null,
        lastName: null,
        displayName: null,
        phone: null,
        role: 'member',
        vendorRole: null,
        status: 'inactive',
        timezone: null,
        language: null,
        groups: [],
        externalId: null,
        permissions: [],
        createdAt: null,
        updatedAt: null,
        lastLoginAt: null,
      },
      vendorData: { id: '7' },
    });
  });

  it('reads numbers where the desk documents strings', () => {
    const { user } = parseDeskUser({
      ...DOCS_USER,
      id: 42,
      is_active: 1,
      is_deleted: 0,
      roles: { 1: 'Admin' },
      desks: [{ id: 1, name: 'Sales Desk' }],
      groups: [{ id: 5, name: 'Tier 1' }],
      created_at: '2026-01-15 10:30:00',
    });
    expect(user).toMatchObject({
      id: 'desk:42',
      vendorId: '42',
      status: 'active',
      role: 'admin',
      groups: [
        { id: 'desk/1', name: 'Sales Desk' },
        { id: 'group/5', name: 'Tier 1' },
      ],
      createdAt: '2026-01-15T10:30:00.000Z',
    });
  });

  it('takes any path-safe id (the page says only "string"), and shows member_all_desks as a group', () => {
    const { user } = parseDeskUser({
      id: 'u-7f3a',
      member_all_desks: '1',
      desks: [{ id: '2', name: 'Support Desk' }],
      roles: { '23': 'Agent' },
    });
    expect(user).toMatchObject({
      id: 'desk:u-7f3a',
      vendorId: 'u-7f3a',
      vendorRole: 'Agent',
      groups: [
        { id: 'desk/*', name: 'All desks' },
        { id: 'desk/2', name: 'Support Desk' },
      ],
    });
    expect(parseDeskUser({ id: '9', member_all_desks: '0' }).user.groups).toEqual([]);
  });

  it.each([
    null,
    'x',
    42,
    [],
    { username: 'no id' },
    { id: 'a/../b' },
    { id: '' },
    { id: null },
    { id: 'x\u0000' },
  ])('refuses %p', (raw) => {
    expect(() => parseDeskUser(raw)).toThrow(VendorFailureError);
  });
});

describe('DESK_MAPPING', () => {
  it('is pinned to what a fixed page of list items maps to', () => {
    const items = [
      DOCS_USER,
      { ...DOCS_USER, id: '43', is_active: '0', member_all_desks: '1', roles: { '1': 'Admin' } },
      { ...DOCS_USER, id: '44', email: '', timezone_id: '', groups: [], desks: [] },
    ];
    const records = items.map((item) => parseDeskUser(item, 'conn'));
    expectMappingPinned(DESK_MAPPING, records, { version: 'desk/1', output: '5NaUBkZL8t1A5ZOq' });
  });
});
