import {
  ListQuery,
  PagingStalledError,
  RejectedRecord,
  VendorAdapter,
  VendorUserRecord,
  withOffsetPages,
} from '@userbridge/vendor-core';
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
  return withOffsetPages<Omit<VendorAdapter, 'pages'>>({
    name: 'v',
    vendor: 'v',
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
      return { users: page, rejected: [], nextOffset: end < total ? end : null };
    },
  });
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

describe('collectPage when paging does not advance', () => {
  it('fails the vendor instead of taking the stuck page for the end of its list', async () => {
    const stuck = withOffsetPages<Omit<VendorAdapter, 'pages'>>({
      ...streamAdapter(10),
      list: async () => ({ users: [], rejected: [], nextOffset: 0 }),
    });
    await expect(collectPage(stuck, 0, 5, {})).rejects.toThrow(PagingStalledError);
  });
});

describe('collectPage with rejected records', () => {
  /** Ten users where every position divisible by 4 holds a record the adapter could not read. */
  function oddAdapter(): VendorAdapter {
    return withOffsetPages<Omit<VendorAdapter, 'pages'>>({
      ...streamAdapter(10),
      list: async (query: ListQuery) => {
        const end = Math.min(10, query.offset + query.limit);
        const users: VendorUserRecord[] = [];
        const rejected: RejectedRecord[] = [];
        for (let p = query.offset; p < end; p++) {
          if (p % 4 === 0) rejected.push({ vendorId: `bad${p}`, reason: 'odd', position: p });
          else
            users.push({
              user: { vendorId: String(p), status: 'active' } as VendorUserRecord['user'],
              vendorData: {},
            });
        }
        return { users, rejected, nextOffset: end < 10 ? end : null };
      },
    });
  }

  it('lists every other user, reports the odd ones once, and resumes after the last user kept', async () => {
    const first = await collectPage(oddAdapter(), 0, 3, { status: 'active' });
    expect(first.users.map((r) => r.user.vendorId)).toEqual(['1', '2', '3']);
    expect(first.rejected.map((r) => r.vendorId)).toEqual(['bad0']);
    expect(first.next).toBe(4);
    const second = await collectPage(oddAdapter(), 4, 3, { status: 'active' });
    expect(second.users.map((r) => r.user.vendorId)).toEqual(['5', '6', '7']);
    expect(second.rejected.map((r) => r.vendorId)).toEqual(['bad4']);
    expect(second.next).toBe(8);
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
