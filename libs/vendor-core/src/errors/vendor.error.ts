import { DomainError } from '@userbridge/errors';

export class VendorNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(vendor: string, vendorId: string) {
    super(`User ${vendor}:${vendorId} was not found at ${vendor}`, {
      vendor,
      details: { vendorId },
    });
  }
}

export class VendorConflictError extends DomainError {
  readonly code = 'conflict' as const;
  constructor(vendor: string, message: string, details?: Record<string, unknown>) {
    super(message, { vendor, details });
  }
}

/** The vendor rejected a request the gateway thought valid: the caller's data broke a vendor rule. */
export class VendorRejectedError extends DomainError {
  readonly code = 'invalid_request' as const;
  constructor(vendor: string, message: string, details?: Record<string, unknown>) {
    super(`${vendor} rejected the request: ${message}`, { vendor, details });
  }
}

/** The vendor refused the gateway's own credentials (401) or their rights (403). */
export class VendorAuthFailedError extends DomainError {
  readonly code = 'vendor_auth_failed' as const;
  constructor(vendor: string, status: number) {
    super(`${vendor} rejected the gateway's credentials (HTTP ${status})`, {
      vendor,
      details: { vendorStatus: status },
    });
  }
}

/**
 * The vendor refused the gateway access to one user ("You don't have
 * permission to access this user") while its credentials work for others: not
 * a credentials failure, and not something a retry changes.
 */
export class VendorForbiddenError extends DomainError {
  readonly code = 'vendor_forbidden' as const;
  constructor(vendor: string, vendorId: string) {
    super(`${vendor} does not give the gateway access to user ${vendor}:${vendorId}`, {
      vendor,
      details: { vendorId, vendorStatus: 403 },
    });
  }
}

/**
 * The vendor failed or answered something unreadable. `outcomeUnknown` is set on
 * writes whose effect at the vendor cannot be known (the request may have landed).
 */
export class VendorFailureError extends DomainError {
  readonly code = 'vendor_error' as const;
  constructor(vendor: string, message: string, details?: Record<string, unknown>) {
    super(message, { vendor, details });
  }
}

export class VendorRateLimitedError extends DomainError {
  readonly code = 'vendor_rate_limited' as const;
  constructor(
    vendor: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${vendor} is rate limiting the gateway; retry after ${retryAfterSeconds}s`, {
      vendor,
      details: { retryAfterSeconds },
    });
  }
}

export class VendorTimeoutError extends DomainError {
  readonly code = 'vendor_timeout' as const;
  constructor(vendor: string, timeoutMs: number, details?: Record<string, unknown>) {
    super(`${vendor} did not answer within ${timeoutMs} ms`, {
      vendor,
      details: { timeoutMs, ...details },
    });
  }
}
