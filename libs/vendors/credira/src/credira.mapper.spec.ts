import { VendorFailureError } from '@userbridge/vendor-core';
import { CREDIRA_MAPPING, crediraStatusOf, parseCrediraUser } from './credira.mapper';
import { expectMappingPinned } from '@userbridge/vendor-core/testing/mapping-version.contract';

/** The `data` of the Get User page's example answer, verbatim. */
const DOCS_USER = {
  id: 'user_123456789',
  email: 'john.doe@company.com',
  name: 'John Doe',
  company: 'Acme Corporation',
  role: 'billing_manager',
  department: 'finance',
  phone: '+1234567890',
  account_id: 'acc_789123456',
  status: 'active',
  created_time: '2024-01-15T10:30:00Z',
  last_login: '2024-01-20T09:15:00Z',
  permissions: [
    'calls:read',
    'calls:write',
    'emails:read',
    'emails:write',
    'callouts:read',
    'callouts:write',
  ],
  activity_stats: {
    total_calls_made: 45,
    total_emails_sent: 120,
    total_callouts_created: 8,
    last_activity: '2024-01-20T09:15:00Z',
  },
  metadata: { subscription_plan: 'premium', timezone: 'America/New_York', language: 'en' },
};

const userOf = (change: Record<string, unknown>) =>
  parseCrediraUser({ ...DOCS_USER, ...change }).user;

describe('parseCrediraUser', () => {
  it('maps the docs example exactly', () => {
    expect(parseCrediraUser(DOCS_USER)).toEqual({
      user: {
        id: 'credira:user_123456789',
        connection: 'credira',
        vendor: 'credira',
        vendorId: 'user_123456789',
        email: 'john.doe@company.com',
        username: null,
        firstName: 'John',
        lastName: 'Doe',
        displayName: 'John Doe',
        // "+1234567890" is well-formed E.164 libphonenumber calls impossible: kept as the page gives it.
        phone: '+1234567890',
        role: 'manager',
        vendorRole: 'billing_manager',
        status: 'active',
        timezone: 'America/New_York',
        language: 'en',
        groups: [{ id: 'acc_789123456', name: 'Acme Corporation' }],
        externalId: null,
        permissions: [
          'calls:read',
          'calls:write',
          'emails:read',
          'emails:write',
          'callouts:read',
          'callouts:write',
        ],
        createdAt: '2024-01-15T10:30:00.000Z',
        updatedAt: null,
        lastLoginAt: '2024-01-20T09:15:00.000Z',
      },
      vendorData: DOCS_USER,
    });
  });

  it('does not change its input', () => {
    const copy = structuredClone(DOCS_USER);
    parseCrediraUser(copy);
    expect(copy).toEqual(DOCS_USER);
  });

  it.each([
    ['Madonna', { firstName: 'Madonna', lastName: null, displayName: 'Madonna' }],
    [
      '  Mary Ann   Smith ',
      { firstName: 'Mary Ann', lastName: 'Smith', displayName: 'Mary Ann Smith' },
    ],
    [
      'Inês Çelik-Øster',
      { firstName: 'Inês', lastName: 'Çelik-Øster', displayName: 'Inês Çelik-Øster' },
    ],
    ['李小龙', { firstName: '李小龙', lastName: null, displayName: '李小龙' }],
    ['   ', { firstName: null, lastName: null, displayName: null }],
    [undefined, { firstName: null, lastName: null, displayName: null }],
  ])('splits the name %p', (name, expected) => {
    expect(userOf({ name })).toMatchObject(expected);
  });

  it('trims and lower-cases the email', () => {
    expect(userOf({ email: '  John.DOE@Company.COM ' }).email).toBe('john.doe@company.com');
  });

  it.each([
    ['active', 'active'],
    ['inactive', 'inactive'],
    ['suspended', 'inactive'],
    [' SUSPENDED ', 'inactive'],
    ['archived', 'inactive'],
    [undefined, 'inactive'],
  ])('status %p reads as %p', (status, expected) => {
    expect(crediraStatusOf(status)).toBe(expected);
    expect(userOf({ status }).status).toBe(expected);
  });

  it('keeps an unknown status raw in vendorData', () => {
    expect(parseCrediraUser({ ...DOCS_USER, status: 'archived' }).vendorData.status).toBe(
      'archived',
    );
  });

  it.each([
    ['+1 (415) 555-0134', '+14155550134'],
    ['+44 20 7946 0958', '+442079460958'],
    [14155550134, null],
    ['not a phone', null],
    [null, null],
  ])('phone %p -> %p', (phone, expected) => {
    const record = parseCrediraUser({ ...DOCS_USER, phone });
    expect(record.user.phone).toBe(expected);
    expect(record.vendorData.phone).toBe(phone);
  });

  it.each([
    ['Senior_Billing_Admin', 'admin'],
    ['billing_manager', 'manager'],
    ['finance_viewer', 'read_only'],
    ['analyst', 'member'],
  ])('role %p -> %p, keeping the text', (role, expected) => {
    expect(userOf({ role })).toMatchObject({ role: expected, vendorRole: role });
  });

  it('has no vendorRole when Credira gives no role', () => {
    expect(userOf({ role: undefined })).toMatchObject({ role: 'member', vendorRole: null });
  });

  it('keeps only string permissions', () => {
    expect(
      userOf({ permissions: ['calls:read', 42, null, { x: 1 }, ' emails:read ', ''] }).permissions,
    ).toEqual(['calls:read', 'emails:read']);
    expect(userOf({ permissions: 'calls:read' }).permissions).toEqual([]);
  });

  it('reads no timezone, language or external id without metadata', () => {
    expect(userOf({ metadata: undefined })).toMatchObject({
      timezone: null,
      language: null,
      externalId: null,
    });
    expect(userOf({ metadata: 'premium' })).toMatchObject({
      timezone: null,
      language: null,
      externalId: null,
    });
  });

  it('reads metadata: IANA zones only, language tags, external ids as strings', () => {
    expect(
      userOf({ metadata: { timezone: 'Mars/Olympus', language: 'en_us', external_id: 90210 } }),
    ).toMatchObject({
      timezone: null,
      language: 'en-US',
      externalId: '90210',
    });
    expect(
      userOf({ metadata: { timezone: 'europe/lisbon', external_id: '  EXT-7 ' } }),
    ).toMatchObject({
      timezone: 'Europe/Lisbon',
      externalId: 'EXT-7',
    });
  });

  it('has no groups without an account, and a nameless group without a company', () => {
    expect(userOf({ account_id: undefined }).groups).toEqual([]);
    expect(userOf({ company: undefined }).groups).toEqual([{ id: 'acc_789123456', name: null }]);
  });

  it('reads updated_time when Credira sends it', () => {
    expect(userOf({ updated_time: '2024-02-01 08:00:00' }).updatedAt).toBe(
      '2024-02-01T08:00:00.000Z',
    );
  });

  it('never lets an api_key out, at any depth or under any key', () => {
    const record = parseCrediraUser({
      ...DOCS_USER,
      api_key: 'credira_sk_live_abc',
      API_KEY: 'credira_sk_live_abc',
      metadata: {
        ...DOCS_USER.metadata,
        api_key: 'credira_sk_live_abc',
        integration: 'credira_sk_live_abc',
      },
      keys: ['credira_sk_live_abc'],
    });
    const text = JSON.stringify(record);
    expect(text).not.toMatch(/credira_sk_|api_key/i);
    expect(record.vendorData.metadata).toEqual(DOCS_USER.metadata);
    expect(record.vendorData.keys).toEqual([]);
  });

  it.each([
    null,
    'user_1',
    ['user_1'],
    {},
    { id: 123 },
    { id: 'user_1/../admin' },
    { id: `user_${'a'.repeat(124)}` },
  ])('refuses %p as an unreadable answer', (raw) => {
    expect(() => parseCrediraUser(raw)).toThrow(VendorFailureError);
  });
});

describe('CREDIRA_MAPPING', () => {
  it('is pinned to what a fixed page of list items maps to', () => {
    const items = [
      DOCS_USER,
      { ...DOCS_USER, id: 'user_2', status: 'suspended', role: 'admin', phone: '(212) 555-0100' },
      { ...DOCS_USER, id: 'user_3', name: 'Cher', permissions: [], metadata: {}, phone: null },
    ];
    const records = items.map((item) => parseCrediraUser(item, 'conn'));
    expectMappingPinned(CREDIRA_MAPPING, records, {
      version: 'credira/1',
      output: 'zS-YRxwSMZZp5YS3',
    });
  });
});
