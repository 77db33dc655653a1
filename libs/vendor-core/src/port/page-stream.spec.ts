import fc from 'fast-check';
import { offsetPages, PagingStalledError, StreamedPage } from './page-stream';
import type { ListPage, ListQuery, VendorUserRecord } from './user-record';

const user = (i: number): VendorUserRecord => ({
  user: { id: `v:${i}`, vendorId: String(i) } as VendorUserRecord['user'],
  vendorData: {},
});

/**
 * A vendor of `total` users paged by offset, stating its total, answering
 * each call after its own delay (so answers come back out of order), and
 * counting how many calls are in flight at once.
 */
function vendor(total: number, delays: number[]) {
  let inFlight = 0;
  const state = { calls: [] as number[], maxInFlight: 0 };
  const list = async ({ offset, limit }: ListQuery): Promise<ListPage> => {
    state.calls.push(offset);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const delay = delays[state.calls.length % delays.length] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, delay));
    inFlight--;
    const end = Math.min(total, offset + limit);
    const users = [];
    for (let i = offset; i < end; i++) users.push(user(i));
    return { users, rejected: [], nextOffset: end < total ? end : null, total };
  };
  return { list, state };
}

async function readAll(pages: AsyncIterable<StreamedPage>): Promise<StreamedPage[]> {
  const out: StreamedPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('offsetPages', () => {
  it('hands out the same pages in the same order at any concurrency, with at most that many calls in flight', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }),
        async (total, pageSize, concurrency, delays) => {
          const sequential = vendor(total, [0]);
          const expected = await readAll(offsetPages('v', sequential.list, pageSize));
          const parallel = vendor(total, delays);
          const got = await readAll(offsetPages('v', parallel.list, pageSize, { concurrency }));
          expect(got).toEqual(expected);
          expect(got.flatMap((page) => page.users.map((r) => r.user.vendorId))).toEqual(
            Array.from({ length: total }, (_, i) => String(i)),
          );
          expect(parallel.state.maxInFlight).toBeLessThanOrEqual(concurrency);
          // Nothing is asked past the stated total.
          expect(parallel.state.calls.every((offset) => offset === 0 || offset < total)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps several pages in flight when the total allows it', async () => {
    const { list, state } = vendor(100, [5]);
    await readAll(offsetPages('v', list, 10, { concurrency: 4 }));
    expect(state.maxInFlight).toBe(4);
  });

  it('drops pages fetched ahead when a short page moves the next offset, and reads on from there', async () => {
    // Page 0 answers 7 users though 10 were asked: the pages fetched at 10, 20... do not fit.
    const calls: number[] = [];
    const list = async ({ offset, limit }: ListQuery): Promise<ListPage> => {
      calls.push(offset);
      const end = Math.min(40, offset === 0 ? 7 : offset + limit);
      const users = [];
      for (let i = offset; i < end; i++) users.push(user(i));
      return { users, rejected: [], nextOffset: end < 40 ? end : null, total: 40 };
    };
    const pages = await readAll(offsetPages('v', list, 10, { concurrency: 3 }));
    expect(pages.map((page) => page.offset)).toEqual([0, 7, 17, 27, 37]);
    expect(pages.flatMap((page) => page.users)).toHaveLength(40);
  });

  it('fails when a page names a next offset that does not move forward: never "the end"', async () => {
    const list = async ({ offset }: ListQuery): Promise<ListPage> => ({
      users: [user(offset)],
      rejected: [],
      nextOffset: offset === 0 ? 1 : 1,
    });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const page of offsetPages('v', list, 1)) seen.push(page.offset);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PagingStalledError);
    expect((error as PagingStalledError).code).toBe('vendor_error');
    expect(seen).toEqual([0]);
  });

  it('stamps each page with the clock read before its own request left', async () => {
    let tick = 0;
    const order: string[] = [];
    const clock = async () => {
      tick++;
      order.push(`clock ${tick}`);
      return `t${tick}`;
    };
    const { list } = vendor(3, [0]);
    const pages = await readAll(
      offsetPages(
        'v',
        async (query) => {
          order.push(`list ${query.offset}`);
          return list(query);
        },
        1,
        { clock },
      ),
    );
    expect(pages.map((page) => page.readAt)).toEqual(['t1', 't2', 't3']);
    expect(order).toEqual(['clock 1', 'list 0', 'clock 2', 'list 1', 'clock 3', 'list 2']);
  });
});
