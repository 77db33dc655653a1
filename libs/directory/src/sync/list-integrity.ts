import { type ListPage, recordsIn } from '@userbridge/vendor-core';

/**
 * Whether a vendor's list, read page by page, agrees with itself. A page that
 * repeats the previous one (a vendor that ignored the offset, a cache that
 * answered the same page twice) or a list whose own `total` disagrees with
 * what was read means users may be missing from the read: such a run must not
 * call anyone absent. Fed one page at a time, in order, so it works the same
 * for any way of producing pages.
 */
export class ListIntegrity {
  private positions = 0;
  private previous: string | null = null;
  private lastTotal: number | null = null;
  private problem: string | null = null;

  /**
   * Takes the next page (read at `offset`); false when the page repeats the
   * previous one, in which case reading further is pointless.
   */
  observe(page: ListPage, offset: number): boolean {
    const key = pageKey(page);
    if (key !== null && key === this.previous) {
      this.problem ??= `the page at offset ${offset} repeated the previous page (${recordsIn(page)} records): the vendor's paging cannot be trusted`;
      return false;
    }
    this.previous = key;
    this.positions += recordsIn(page);
    if (typeof page.total === 'number') this.lastTotal = page.total;
    return true;
  }

  /** Once the last page was read: why the read cannot be trusted as the whole list, or null. */
  verdict(): string | null {
    if (this.problem !== null) return this.problem;
    if (this.lastTotal !== null && this.lastTotal !== this.positions)
      return `the vendor's list says it holds ${this.lastTotal} records but ${this.positions} were read`;
    return null;
  }
}

/** The identity of a page: its records' ids in order (null for an empty page, which repeats nothing). */
function pageKey(page: ListPage): string | null {
  if (recordsIn(page) === 0) return null;
  if (page.sources) return JSON.stringify(page.sources.keys.map((key) => key.vendorId));
  return JSON.stringify([
    page.users.map((record) => record.user.id),
    page.rejected.map((record) => record.vendorId),
  ]);
}
