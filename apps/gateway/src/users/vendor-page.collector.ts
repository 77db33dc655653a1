import {
  CallContext,
  RejectedRecord,
  streamPositions,
  UserFilters,
  VendorAdapter,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { hasFilters, matchesFilters } from './user-filters';

export interface CollectedPage {
  users: VendorUserRecord[];
  /** Records dropped as unreadable within the stretch of the stream this page covered. */
  rejected: RejectedRecord[];
  /** Where this vendor resumes, or null when it has no more users. */
  next: number | null;
}

/** Vendor pages one page of one vendor may cost when filters drop most of what it returns. */
const MAX_ROUNDS = 4;
/** Users asked per vendor page while filtering, so sparse matches still fill a page in few calls. */
const FILTERED_BATCH = 200;

/**
 * Reads up to `quota` matching users of one vendor from stream position
 * `offset`, through the adapter's page stream (`pages`). Relies on the port's
 * promise that every user and rejected record has its stream position, so a
 * page can stop mid-batch and resume exactly after the last user it kept.
 * Paging that does not advance fails the vendor (PagingStalledError): it is
 * never taken for the end of its list.
 */
export async function collectPage(
  adapter: VendorAdapter,
  offset: number,
  quota: number,
  filters: UserFilters,
  context?: CallContext,
): Promise<CollectedPage> {
  // No share of this page: the vendor keeps its place, untouched. Calling it
  // with nothing to keep would drop it from the cursor with users still unread.
  if (quota <= 0) return { users: [], rejected: [], next: offset };
  const users: VendorUserRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const pageSize = hasFilters(filters) ? Math.max(quota, FILTERED_BATCH) : quota;
  let position = offset;
  let rounds = 0;
  // Leaving the loop early stops the read (a streamed answer is dropped there).
  for await (const page of adapter.pages({ from: offset, pageSize, filters, context })) {
    const positions = streamPositions(page, page.offset);
    for (let i = 0; i < page.users.length; i++) {
      if (!matchesFilters(page.users[i], filters)) continue;
      users.push(page.users[i]);
      if (users.length === quota) {
        const last = i === page.users.length - 1;
        const next = last ? page.nextOffset : positions[i] + 1;
        // Records past the resume point are read (and reported) again by the next page.
        const before = page.rejected.filter(
          (r) => next === null || r.position === undefined || r.position < next,
        );
        return { users, rejected: [...rejected, ...before], next };
      }
    }
    rejected.push(...page.rejected);
    if (page.nextOffset === null) return { users, rejected, next: null };
    position = page.nextOffset;
    if (++rounds === MAX_ROUNDS) break;
  }
  return { users, rejected, next: position };
}

/** Splits a page size over vendors as evenly as possible, earlier vendors taking the remainder. */
export function splitQuota(limit: number, parts: number): number[] {
  const base = Math.floor(limit / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < limit % parts ? 1 : 0));
}
