import { VendorFailureError } from '../errors';
import type { CallContext } from './call-context';
import type { ListPage, ListQuery, UserFilters } from './user-record';
import type { VendorAdapter } from './vendor-adapter.port';

/** How a whole connection is read as a stream of pages (`VendorAdapter.pages`). */
export interface PageReadOptions {
  /** The stream position to start at (a cursor's saved position); 0 when absent. */
  from?: number;
  /** Users asked per vendor answer; the adapter's largest page when absent. */
  pageSize?: number;
  /**
   * Vendor answers in flight at once where the vendor's paging allows fetching
   * pages ahead (a list that states its total); 1 when absent. Pages are
   * still handed out in stream order.
   */
  concurrency?: number;
  filters?: UserFilters;
  context?: CallContext;
  /**
   * Read just before each vendor request is sent; the pages that request
   * answers carry its value as `readAt` (the sync's database clock, so a page
   * never overwrites a write made after its request left).
   */
  clock?: () => Promise<string>;
  /** Pages carry their records unmapped, as `sources` (see `ListQuery.sources`). */
  sources?: boolean;
}

/** One page of a stream: a `ListPage` that also says where in the stream it starts. */
export interface StreamedPage extends ListPage {
  /** The stream position of this page's first record. */
  offset: number;
  /** `clock()` as read just before the request that answered this page was sent (when a clock was given). */
  readAt?: string;
}

/**
 * Paging that does not move forward (a next offset at or before the page's
 * own) is the vendor's bug: an error, never "the end", so a reader never
 * mistakes a stuck list for a complete one.
 */
export class PagingStalledError extends VendorFailureError {
  constructor(connection: string, offset: number, next: number) {
    super(
      connection,
      `${connection} paging did not advance (a page at position ${offset} named ${next} as the next one)`,
      { cause: 'paging_stalled', offset, next },
    );
  }
}

/** A page the reader checked: its next offset moved forward, or it is the last one. */
export function checkedNext(connection: string, page: ListPage, offset: number): number | null {
  if (page.nextOffset === null) return null;
  if (!(page.nextOffset > offset))
    throw new PagingStalledError(connection, offset, page.nextOffset);
  return page.nextOffset;
}

type ListCall = (query: ListQuery, context?: CallContext) => Promise<ListPage>;

/**
 * Reads a connection through its offset paging (`list`): one page after
 * another, or, once a page states the list's total, up to `concurrency`
 * pages ahead at the offsets that total implies. A page fetched ahead is used
 * only when it starts exactly where the page before it said the next one
 * does; otherwise the read goes on one page at a time from there, so the
 * pages handed out are the ones a sequential read would have seen.
 */
export async function* offsetPages(
  connection: string,
  list: ListCall,
  defaultPageSize: number,
  options: PageReadOptions = {},
): AsyncGenerator<StreamedPage> {
  const limit = Math.max(1, Math.floor(options.pageSize ?? defaultPageSize));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const filters = options.filters ?? {};
  const { clock } = options;
  const ahead = new Map<number, Promise<ListPage & { readAt?: string }>>();
  const fetch = (offset: number): Promise<ListPage & { readAt?: string }> => {
    const request = () =>
      list(
        { offset, limit, filters, ...(options.sources ? { sources: true } : {}) },
        options.context,
      );
    const pending = clock
      ? clock().then(async (readAt) => ({ ...(await request()), readAt }))
      : request();
    // Awaited later or dropped; a rejection must never count as unhandled.
    pending.catch(() => undefined);
    return pending;
  };
  try {
    let offset: number | null = options.from ?? 0;
    let total: number | null = null;
    while (offset !== null) {
      const current: number = offset;
      let pending = ahead.get(current);
      if (pending) ahead.delete(current);
      else {
        // Pages fetched ahead for positions the list did not reach are dropped.
        ahead.clear();
        pending = fetch(current);
      }
      // `ahead` holds the positions right after this page's, one page size apart.
      if (concurrency > 1 && total !== null) {
        let next = current + limit * (ahead.size + 1);
        while (ahead.size < concurrency - 1 && next < total) {
          ahead.set(next, fetch(next));
          next += limit;
        }
      }
      const page = await pending;
      if (typeof page.total === 'number') total = page.total;
      offset = checkedNext(connection, page, current);
      yield { ...page, offset: current };
    }
  } finally {
    ahead.clear();
  }
}

/**
 * An adapter whose whole read is its offset paging (`pages` made from its
 * `list`, as Convirza's and Credira's are): for adapters built in tests and
 * benchmarks.
 */
export function withOffsetPages<T extends Omit<VendorAdapter, 'pages'>>(
  adapter: T,
): T & Pick<VendorAdapter, 'pages'> {
  return Object.assign(adapter, {
    pages: (options?: PageReadOptions) =>
      offsetPages(
        adapter.name,
        (query, context) => adapter.list(query, context),
        adapter.maxPageSize ?? 500,
        options,
      ),
  });
}
