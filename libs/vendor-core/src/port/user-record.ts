import { CanonicalUser } from '@userbridge/canonical';
import type { PageSources } from './list-records';

/** A canonical user as an adapter hands it out: vendorData is separate and already free of secrets. */
export interface VendorUserRecord {
  user: Omit<CanonicalUser, 'vendorData'>;
  vendorData: Record<string, unknown>;
}

/**
 * A record whose vendorData is made the first time it is read, then kept: most
 * reads never show it (only `?include=vendorData` does, and the directory
 * stores none), while copying a payload to strip its secrets costs about a
 * third of mapping a user. `vendorData` must not depend on anything the
 * caller changes later (mappers pass the parsed answer, which nothing else
 * writes to).
 */
export function userRecord(
  user: VendorUserRecord['user'],
  vendorData: () => Record<string, unknown>,
): VendorUserRecord {
  let made: Record<string, unknown> | undefined;
  return {
    user,
    get vendorData() {
      return (made ??= vendorData());
    },
  };
}

export interface UserFilters {
  /** Normalized (trimmed, lower-cased) exact email. */
  email?: string;
  status?: CanonicalUser['status'];
  role?: CanonicalUser['role'];
}

/**
 * `offset` is a position in the vendor's own stream of users (after any filter
 * the vendor applies itself). Adapters translate it to pages or offsets and may
 * filter further on their side, so a page can hold fewer than `limit` users
 * while `nextOffset` is not null.
 */
export interface ListQuery {
  offset: number;
  limit: number;
  filters: UserFilters;
  /**
   * Hand the page's records out unmapped, as `ListPage.sources` (for a full
   * sync, which maps only what its store does not already hold as sent).
   */
  sources?: boolean;
}

/**
 * One record of a vendor's list that could not be read as a user (an id that
 * is not path-safe, an unexpected shape, a value that cannot be mapped). The
 * adapter drops only that record; every other user of the page is still listed.
 */
export interface RejectedRecord {
  /** The vendor's id of the record when it has a readable one, else null. */
  vendorId: string | null;
  /** Why the record was dropped, in the gateway's own words. */
  reason: string;
  /**
   * The record's position in the vendor's stream (like `users[i]`'s). Every
   * adapter here sets it; a caller that stops part-way through a page needs it
   * to resume right after the last user it kept.
   */
  position?: number;
}

export interface ListPage {
  /**
   * In stream order. Without rejected records `users[i]` sits at position
   * `offset + i`; a rejected record takes its own position in the stream (see
   * `streamPositions`), so a caller can stop part-way through a page and resume
   * right after the last user it kept.
   */
  users: VendorUserRecord[];
  /** Records of this page dropped as unreadable: always present, empty when none. */
  rejected: RejectedRecord[];
  /** Where the next page starts, or null when the vendor has no more users. */
  nextOffset: number | null;
  /**
   * How many records the vendor says its whole list holds, as stated in this
   * answer (a `total` in its envelope); absent or null when it does not say.
   * A full read checks what it read against it.
   */
  total?: number | null;
  /**
   * Present only when the query asked for `sources`: every record of the page,
   * unmapped (`users` and `rejected` are then empty).
   */
  sources?: PageSources;
}

/** How many of the vendor's records a page holds: unmapped (`sources`), or mapped and refused. */
export function recordsIn(page: ListPage): number {
  return page.sources?.keys.length ?? page.users.length + page.rejected.length;
}

/**
 * The stream position of each of `page.users`, given the page's `offset`:
 * positions taken by rejected records are skipped over.
 */
export function streamPositions(page: ListPage, offset: number): number[] {
  const taken = new Set(
    page.rejected.map((r) => r.position).filter((p): p is number => p !== undefined),
  );
  const positions: number[] = [];
  let next = offset;
  for (let i = 0; i < page.users.length; i++) {
    while (taken.has(next)) next++;
    positions.push(next++);
  }
  return positions;
}
