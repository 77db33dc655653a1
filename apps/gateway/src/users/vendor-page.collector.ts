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

/** Vendor calls one page of one vendor may cost when filters drop most of what it returns. */
const MAX_ROUNDS = 4;
/** Users asked per call while filtering, so sparse matches still fill a page in few calls. */
const FILTERED_BATCH = 200;

/**
 * Reads up to `quota` matching users of one vendor from `offset`. Relies on the
 * port's promise that `users[i]` sits at stream position `offset + i`, so a page
 * can stop mid-batch and resume exactly after the last user it kept.
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
  const filtering = hasFilters(filters);
  const users: VendorUserRecord[] = [];
  const rejected: RejectedRecord[] = [];
  let position = offset;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const wanted = quota - users.length;
    const page = await adapter.list(
      { offset: position, limit: filtering ? Math.max(wanted, FILTERED_BATCH) : wanted, filters },
      context,
    );
    const positions = streamPositions(page, position);
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
    // A next offset that does not move forward would loop for ever: treat it as the end.
    if (page.nextOffset === null || page.nextOffset <= position)
      return { users, rejected, next: null };
    position = page.nextOffset;
  }
  return { users, rejected, next: position };
}

/** Splits a page size over vendors as evenly as possible, earlier vendors taking the remainder. */
export function splitQuota(limit: number, parts: number): number[] {
  const base = Math.floor(limit / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < limit % parts ? 1 : 0));
}
