/**
 * Every error code the product can answer with, whichever layer raises it:
 * the vendor layer, the directory or the gateway's edge. The HTTP status of
 * each lives in one table at the gateway's edge (`error-status.ts`); domain
 * code never speaks HTTP. docs/api.md "Errors" lists code, status and meaning.
 */
export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'operation_not_supported',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'uri_too_long',
  'header_fields_too_large',
  'rate_limited',
  'vendor_auth_failed',
  'vendor_forbidden',
  'vendor_error',
  'vendor_rate_limited',
  'vendor_timeout',
  'store_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
