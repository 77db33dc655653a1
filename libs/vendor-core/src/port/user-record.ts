import { CanonicalUser } from '@userbridge/canonical';

/** A canonical user as an adapter hands it out: vendorData is separate and already free of secrets. */
export interface VendorUserRecord {
  user: Omit<CanonicalUser, 'vendorData'>;
  vendorData: Record<string, unknown>;
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
}

export interface ListPage {
  /**
   * In stream order: `users[i]` sits at position `offset + i`, so a caller can
   * stop part-way through a page and resume right after the last user it kept.
   */
  users: VendorUserRecord[];
  /** Where the next page starts, or null when the vendor has no more users. */
  nextOffset: number | null;
  /**
   * Records of this page the adapter read but could not map (not in `users`).
   * With a vendorId the user still exists; without one, nobody can be sure who is absent.
   */
  rejected?: { vendorId: string | null; reason: string }[];
}
