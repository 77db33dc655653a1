import { DomainError } from '@userbridge/errors';
import {
  VendorAuthFailedError,
  VendorConflictError,
  VendorFailureError,
  VendorRateLimitedError,
  VendorRejectedError,
} from '../errors';
import { VendorResponse } from './vendor-http.types';

/** Seconds from a Retry-After header (delta-seconds or HTTP date); `fallback` when absent or unreadable. */
export function retryAfterSeconds(
  headers: Record<string, string>,
  fallback = 1,
  now = Date.now(),
): number {
  const value = headers['retry-after'];
  if (value === undefined) return fallback;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : fallback;
}

/**
 * What a non-2xx answer means when the vendor's own codes say nothing more
 * specific. 404 is not here: only the adapter knows what was not found.
 * Messages are the gateway's own words (vendor, status, what to do): a vendor's
 * text can echo our credentials or internal hosts, so it only reaches the logs,
 * scrubbed (see VendorCallEvent.vendorText).
 */
export function statusError(vendor: string, response: VendorResponse): DomainError {
  const { status } = response;
  if (status === 401 || status === 403) return new VendorAuthFailedError(vendor, status);
  if (status === 429)
    return new VendorRateLimitedError(vendor, retryAfterSeconds(response.headers));
  if (status === 409)
    return new VendorConflictError(
      vendor,
      `${vendor} reports a conflict (HTTP 409): read the user back before retrying`,
      { vendorStatus: status },
    );
  if (status === 400 || status === 422) return rejectedError(vendor, status);
  return new VendorFailureError(
    vendor,
    `${vendor} answered HTTP ${status}; retry later, and quote the requestId if it persists`,
    { vendorStatus: status },
  );
}

/** The vendor refused values the gateway let through; its own reason is in the logs only. */
export function rejectedError(
  vendor: string,
  status: number,
  details?: Record<string, unknown>,
): VendorRejectedError {
  return new VendorRejectedError(
    vendor,
    `HTTP ${status}: check the values against ${vendor}'s rules (GET /v1/vendors); its reason is logged under this requestId`,
    { vendorStatus: status, ...details },
  );
}

/** Thrown by mappers and parsers when a 2xx answer does not have the documented shape. */
export function unexpectedShape(vendor: string, what: string): VendorFailureError {
  return new VendorFailureError(vendor, `${vendor} answered an unexpected shape: ${what}`);
}
