import { DomainError } from '@userbridge/vendor-core';

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized' as const;
  constructor(message: string) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const;
  constructor(message: string) {
    super(message);
  }
}

export class RouteNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(method: string, path: string) {
    super(`No route ${method} ${path}; see /docs`);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large' as const;
  constructor(limitBytes: number) {
    super(`The request body is larger than ${Math.round(limitBytes / 1024)} kB`);
  }
}

/** The caller is over its budget (per key), or has failed authentication too often (per address). */
export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { details: { retryAfterSeconds } });
  }
}
