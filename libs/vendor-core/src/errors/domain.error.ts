/**
 * Every error the product can answer with. The HTTP status for each code lives in
 * one table at the gateway's edge; domain code never speaks HTTP.
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

export interface FieldProblem {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly vendor?: string;
  details?: Record<string, unknown>;

  protected constructor(
    message: string,
    opts: { vendor?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.vendor = opts.vendor;
    this.details = opts.details;
  }

  /**
   * A write failed after it may have reached the vendor: keep the code and status,
   * but tell the caller the effect is unknown and how to find out.
   */
  markOutcomeUnknown(): this {
    this.details = { ...this.details, outcome: 'unknown' };
    this.message = `${this.message}. The write may or may not have been applied at ${this.vendor ?? 'the vendor'}: read the user back, or retry with the same Idempotency-Key`;
    return this;
  }
}
