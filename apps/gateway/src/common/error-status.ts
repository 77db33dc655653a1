import { ErrorCode } from '@userbridge/errors';

/** The error table of DESIGN.md: the only place a domain error code becomes an HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  operation_not_supported: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  uri_too_long: 414,
  header_fields_too_large: 431,
  rate_limited: 429,
  vendor_auth_failed: 502,
  // The gateway's credentials work, but the vendor refuses them this one user: the caller cannot have it.
  vendor_forbidden: 403,
  vendor_error: 502,
  vendor_rate_limited: 503,
  vendor_timeout: 504,
  store_unavailable: 503,
  internal_error: 500,
};
