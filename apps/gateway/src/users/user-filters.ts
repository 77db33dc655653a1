import { UserFilters, VendorUserRecord } from '@userbridge/vendor-core';

export function hasFilters(filters: UserFilters): boolean {
  return filters.email !== undefined || filters.status !== undefined || filters.role !== undefined;
}

/**
 * The canonical filters, applied to whatever an adapter returns: vendors filter
 * on their side where they can, but only this check defines the answer.
 */
export function matchesFilters({ user }: VendorUserRecord, filters: UserFilters): boolean {
  return (
    (filters.email === undefined || user.email === filters.email) &&
    (filters.status === undefined || user.status === filters.status) &&
    (filters.role === undefined || user.role === filters.role)
  );
}
