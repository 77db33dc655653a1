/** Credira's own ceiling on `limit` for List Users (ASSUMPTION, docs/vendor-contracts.md). */
export const CREDIRA_MAX_PAGE_SIZE = 100;

export interface PagePlan {
  /** 1-based page numbers, each asked with `limit = pageSize`. */
  pages: number[];
  pageSize: number;
  /** Users to skip at the start of the first page's answer. */
  skip: number;
}

/**
 * Credira pages by number, the gateway reads by offset. Fixed-size pages keep
 * every page number meaning the same positions, so the pages covering
 * [offset, offset + limit) are fetched and the result is cut to that window:
 * users[i] then sits at stream position offset + i.
 */
export function pagesFor(
  offset: number,
  limit: number,
  maxPageSize = CREDIRA_MAX_PAGE_SIZE,
): PagePlan {
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new RangeError(`offset must be a non-negative integer, got ${offset}`);
  if (!Number.isSafeInteger(maxPageSize) || maxPageSize < 1)
    throw new RangeError(`maxPageSize must be a positive integer, got ${maxPageSize}`);
  if (!Number.isSafeInteger(limit) || limit < 1)
    return { pages: [], pageSize: maxPageSize, skip: 0 };
  // An aligned window is exactly one page of its own size: no users fetched only to be cut.
  if (limit <= maxPageSize && offset % limit === 0) {
    return { pages: [offset / limit + 1], pageSize: limit, skip: 0 };
  }
  const first = Math.floor(offset / maxPageSize) + 1;
  const last = Math.floor((offset + limit - 1) / maxPageSize) + 1;
  const pages = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return { pages, pageSize: maxPageSize, skip: offset - (first - 1) * maxPageSize };
}
