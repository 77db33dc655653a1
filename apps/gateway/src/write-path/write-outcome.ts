import { DomainError } from '@userbridge/errors';
import { VendorFailureError, VendorTimeoutError } from '@userbridge/vendor-core';

/**
 * Whether a failed write may nevertheless have been applied at the vendor: a
 * timeout, a 5xx or an unreadable answer may come after the vendor acted. A
 * refused connection or any 4xx means it did not.
 */
export function mayHaveApplied(error: unknown): error is DomainError {
  if (error instanceof VendorTimeoutError) return true;
  if (error instanceof VendorFailureError) return error.details?.cause !== 'ECONNREFUSED';
  return false;
}
