import { ListQuery, VendorAdapter, VendorUserRecord } from '@userbridge/vendor-core';
import { collectPage, splitQuota } from './vendor-page.collector';

/** A vendor stream of `total` users, every third one inactive; pages are cut from it like a vendor would. */
function streamAdapter(total: number, calls: ListQuery[] = []): VendorAdapter {
  const users: VendorUserRecord[] = Array.from({ length: total }, (_, i) => ({
    user: {
      id: `v:${i}`,
      vendor: 'v',
      vendorId: String(i),
      status: i % 3 === 0 ? 'inactive' : 'active',
      email: null,
      role: 'member',
    } as VendorUserRecord['user'],
    vendorData: {},
  }));
  return {
    name: 'v',
    displayName: 'V',
    capabilities: ['get', 'list'],
    idFormat: 'digits',
    isValidId: () => true,
    get: () => Promise.reject(new Error('unused')),
    probe: () => Promise.resolve(),
    list: async (query) => {
      calls.push(query);
      const page = users.slice(query.offset, query.offset + query.limit);
      const end = query.offset + page.length;
      return { users: page, nextOffset: end < total ? end : null };
    },
  };
}

describe('collectPage', () => {
  it('reads a quota and says where to resume', async () => {
    const page = await collectPage(streamAdapter(10), 0, 4, {});
    expect(page.users.map((r) => r.user.vendorId)).toEqual(['0', '1', '2', '3']);
    expect(page.next).toBe(4);
    const rest = await collectPage(streamAdapter(10), 8, 4, {});
    expect(rest).toMatchObject({ next: null });
    expect(rest.users).toHaveLength(2);
  });

  it('with a filter, resumes right after the last user it kept, mid-batch', async () => {
    const page = await collectPage(streamAdapter(30), 0, 3, { status: 'inactive' });
    expect(page.users.map((r) => r.user.vendorId)).toEqual(['0', '3', '6']);
    expect(page.next).toBe(7);
    const next = await collectPage(streamAdapter(30), page.next ?? 0, 3, { status: 'inactive' });
    expect(next.users.map((r) => r.user.vendorId)).toEqual(['9', '12', '15']);
  });

  it('bounds the vendor calls one page may cost when matches are sparse', async () => {
    const calls: ListQuery[] = [];
    const page = await collectPage(streamAdapter(5000, calls), 0, 10, {
      email: 'nobody@example.com',
    });
    expect(page.users).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(page.next).toBe(calls.length * 200);
  });
});

describe('splitQuota', () => {
  it.each([
    [50, 3, [17, 17, 16]],
    [2, 3, [1, 1, 0]],
    [200, 1, [200]],
  ])('%p over %p -> %p', (limit, parts, expected) =>
    expect(splitQuota(limit, parts)).toEqual(expected),
  );
});
