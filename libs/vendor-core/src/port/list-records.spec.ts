import { VendorFailureError } from '../errors';
import { isPathSafeId } from './path-safe-id';
import { readListRecords, rawMember } from './list-records';
import { changedFields } from './user-write-changes';
import { ListPage, streamPositions, VendorUserRecord } from './user-record';

const parse = (item: unknown): VendorUserRecord => {
  const id = rawMember(item, 'id');
  if (typeof id !== 'string' || !isPathSafeId(id))
    throw new VendorFailureError('v', 'v answered an unexpected shape: a user without an id');
  return { user: { vendorId: id } as VendorUserRecord['user'], vendorData: {} };
};

describe('isPathSafeId', () => {
  it.each(['42', 'u-7f3a', 'ag.0042', 'user_é', 'a:b', 'x'.repeat(128)])('accepts %p', (id) =>
    expect(isPathSafeId(id)).toBe(true),
  );
  it.each(['', ' ', 'a/b', 'a\\b', '..', 'a..b', 'a\nb', 'a\u0000', 'a\u007f', 'x'.repeat(129)])(
    'refuses %p',
    (id) => expect(isPathSafeId(id)).toBe(false),
  );
});

describe('readListRecords', () => {
  it('drops only the odd record, reporting its safe id and stream position', () => {
    const { users, rejected } = readListRecords(
      [{ id: 'a' }, { id: 'b/..' }, 'junk', { id: 7 }, { id: 'c' }],
      10,
      parse,
      (item) => rawMember(item, 'id'),
    );
    expect(users.map((u) => u.user.vendorId)).toEqual(['a', 'c']);
    expect(rejected).toEqual([
      { vendorId: null, reason: expect.stringContaining('without an id'), position: 11 },
      { vendorId: null, reason: expect.any(String), position: 12 },
      { vendorId: '7', reason: expect.any(String), position: 13 },
    ]);
  });

  it('lets a bug (anything but a DomainError) through', () => {
    expect(() =>
      readListRecords(
        [{}],
        0,
        () => {
          throw new TypeError('bug');
        },
        () => undefined,
      ),
    ).toThrow(TypeError);
  });
});

describe('readListRecords with sources', () => {
  const items = [{ id: 'a', n: 1 }, { id: 'b/..' }, { id: 'c', n: 3 }];
  const read = (mapping = 'v/1', list: unknown[] = items) =>
    readListRecords(list, 10, parse, (item) => rawMember(item, 'id'), mapping);

  it('maps nothing until asked: keys carry each safe id and a digest of the item', () => {
    let calls = 0;
    const page = readListRecords(
      items,
      10,
      (item) => {
        calls++;
        return parse(item);
      },
      (item) => rawMember(item, 'id'),
      'v/1',
    );
    expect(calls).toBe(0);
    expect(page.users).toEqual([]);
    expect(page.rejected).toEqual([]);
    expect(page.sources?.keys.map((key) => key.vendorId)).toEqual(['a', null, 'c']);
    expect(new Set(page.sources?.keys.map((key) => key.digest)).size).toBe(3);
  });

  it('maps the items asked for, keeping stream positions and the digest of each user', () => {
    const sources = read().sources!;
    const mapped = sources.map([1, 2]);
    expect(mapped.users.map((record) => record.user.vendorId)).toEqual(['c']);
    expect(mapped.digests).toEqual([sources.keys[2].digest]);
    expect(mapped.rejected).toEqual([
      { vendorId: null, reason: expect.stringContaining('without an id'), position: 11 },
    ]);
  });

  it('a digest changes with any part of the item and with the mapping version, nothing else', () => {
    const digest = (mapping: string, item: unknown) =>
      read(mapping, [item]).sources!.keys[0].digest;
    expect(digest('v/1', { id: 'a', n: 1 })).toBe(read().sources!.keys[0].digest);
    expect(digest('v/1', { id: 'a', n: 2 })).not.toBe(digest('v/1', { id: 'a', n: 1 }));
    expect(digest('v/2', { id: 'a', n: 1 })).not.toBe(digest('v/1', { id: 'a', n: 1 }));
  });

  it('takes a position for each item when they are not consecutive', () => {
    const page = readListRecords([{ id: 'a' }, 'junk'], [4, 9], parse, (item) =>
      rawMember(item, 'id'),
    );
    expect(page.rejected).toEqual([{ vendorId: null, reason: expect.any(String), position: 9 }]);
  });
});

describe('streamPositions', () => {
  it('skips the positions rejected records hold', () => {
    const page: ListPage = {
      users: [parse({ id: 'a' }), parse({ id: 'c' }), parse({ id: 'd' })],
      rejected: [{ vendorId: null, reason: 'odd', position: 6 }],
      nextOffset: null,
    };
    expect(streamPositions(page, 5)).toEqual([5, 7, 8]);
  });
});

describe('changedFields', () => {
  const current = {
    email: 'a@b.co',
    username: 'Ann',
    firstName: 'Ann',
    lastName: null,
    displayName: 'Ann',
    phone: '+1234567890',
    role: 'manager',
    status: 'inactive',
    timezone: null,
    language: null,
    groups: [
      { id: 'g1', name: 'G' },
      { id: 'g2', name: null },
    ],
    externalId: null,
    permissions: ['x', 'y'],
  } as unknown as VendorUserRecord['user'];

  it('keeps only what differs from the user as read', () => {
    expect(
      changedFields(
        {
          email: ' A@B.co ',
          username: 'Ann',
          role: 'manager',
          status: 'active',
          groups: [{ id: 'g2' }, { id: 'g1' }],
          permissions: ['y', 'x'],
          phone: null,
          company: 'Acme',
        },
        current,
      ),
    ).toEqual({ status: 'active', phone: null, company: 'Acme' });
  });
});
