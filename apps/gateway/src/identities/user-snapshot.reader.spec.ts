import { CanonicalUser } from '@userbridge/canonical';
import {
  ListPage,
  ListQuery,
  VendorAdapter,
  VendorFailureError,
  VendorRegistry,
  VendorUserRecord,
  withOffsetPages,
} from '@userbridge/vendor-core';
import { UserSnapshotReader } from './user-snapshot.reader';

function record(vendor: string, vendorId: string): VendorUserRecord {
  const user: Omit<CanonicalUser, 'vendorData'> = {
    id: `${vendor}:${vendorId}`,
    connection: vendor,
    vendor,
    vendorId,
    email: `${vendorId}@example.com`,
    username: null,
    firstName: null,
    lastName: null,
    displayName: null,
    phone: null,
    role: 'member',
    vendorRole: null,
    status: 'active',
    timezone: null,
    language: null,
    groups: [],
    externalId: null,
    permissions: [],
    createdAt: null,
    updatedAt: null,
    lastLoginAt: null,
  };
  return { user, vendorData: {} };
}

/** A port-level fake: pages are given, not fetched, so the reader's own rules are what is tested. */
function adapter(name: string, list: (query: ListQuery) => Promise<ListPage>): VendorAdapter {
  return withOffsetPages<Omit<VendorAdapter, 'pages'>>({
    name,
    vendor: name,
    displayName: name,
    capabilities: ['get', 'list'],
    idFormat: 'anything',
    isValidId: () => true,
    get: () => Promise.reject(new Error('not used')),
    probe: () => Promise.resolve(),
    list,
  });
}

describe('UserSnapshotReader', () => {
  it('reads every page of every vendor and counts a user seen on two pages once', async () => {
    const pages: Record<number, ListPage> = {
      0: { users: [record('a', '1'), record('a', '2')], rejected: [], nextOffset: 2 },
      // The vendor's data moved while we paged: user 2 shows up again.
      2: { users: [record('a', '2'), record('a', '3')], rejected: [], nextOffset: null },
    };
    const calls: number[] = [];
    const reader = new UserSnapshotReader(
      new VendorRegistry([
        adapter('a', async ({ offset }) => {
          calls.push(offset);
          return pages[offset];
        }),
      ]),
    );
    const snapshot = await reader.read();
    expect(snapshot.users.map((u) => u.id)).toEqual(['a:1', 'a:2', 'a:3']);
    expect(snapshot.vendorsRead).toEqual(['a']);
    expect(calls).toEqual([0, 2]);
  });

  it('reports a vendor that fails at any page as not read, and keeps the others', async () => {
    const reader = new UserSnapshotReader(
      new VendorRegistry([
        adapter('ok', async () => ({ users: [record('ok', '1')], rejected: [], nextOffset: null })),
        adapter('down', async ({ offset }) => {
          if (offset > 0) throw new VendorFailureError('down', 'down answered HTTP 500');
          return { users: [record('down', '1')], rejected: [], nextOffset: 1 };
        }),
      ]),
    );
    const snapshot = await reader.read();
    expect(snapshot.users.map((u) => u.id)).toEqual(['ok:1']);
    expect(snapshot.vendorsRead).toEqual(['ok']);
    expect(snapshot.vendorsFailed).toEqual([
      {
        vendor: 'down',
        connection: 'down',
        code: 'vendor_error',
        message: 'down answered HTTP 500',
      },
    ]);
  });

  it('keeps a vendor with one unreadable record as read, and reports that record', async () => {
    const reader = new UserSnapshotReader(
      new VendorRegistry([
        adapter('odd', async () => ({
          users: [record('odd', '1'), record('odd', '3')],
          rejected: [{ vendorId: 'x-2', reason: 'a user without an email', position: 1 }],
          nextOffset: null,
        })),
      ]),
    );
    const snapshot = await reader.read();
    expect(snapshot.users.map((u) => u.id)).toEqual(['odd:1', 'odd:3']);
    expect(snapshot.vendorsRead).toEqual(['odd']);
    expect(snapshot.vendorsFailed).toEqual([]);
    expect(snapshot.recordsRejected).toEqual([
      {
        vendor: 'odd',
        connection: 'odd',
        code: 'invalid_record',
        vendorId: 'x-2',
        message: 'A odd record was skipped: a user without an email',
      },
    ]);
  });

  it('reports a vendor whose paging does not move forward as not read (never a short list), and shares one read among concurrent callers', async () => {
    let calls = 0;
    const reader = new UserSnapshotReader(
      new VendorRegistry([
        adapter('stuck', async () => {
          calls += 1;
          return { users: [record('stuck', '1')], rejected: [], nextOffset: 0 };
        }),
      ]),
    );
    const [first, second] = await Promise.all([reader.read(), reader.read()]);
    expect(first).toBe(second);
    expect(first.users).toEqual([]);
    expect(first.vendorsRead).toEqual([]);
    expect(first.vendorsFailed).toEqual([
      expect.objectContaining({ connection: 'stuck', code: 'vendor_error' }),
    ]);
    expect(first.vendorsFailed[0].message).toMatch(/paging did not advance/);
    expect(calls).toBe(1);
  });
});
