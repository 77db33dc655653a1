import type { ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The base of every error the product answers with: a code from ERROR_CODES,
 * a message in the gateway's own words, and optional details for the caller.
 */
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
