import { DomainError, ErrorCode } from '@userbridge/errors';

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

export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'unsupported_media_type' as const;
  constructor() {
    super('Unsupported Content-Type: send application/json');
  }
}

export class UriTooLongError extends DomainError {
  readonly code = 'uri_too_long' as const;
  constructor() {
    super('A path segment is too long; ids are at most a few hundred characters');
  }
}

export class HeaderFieldsTooLargeError extends DomainError {
  readonly code = 'header_fields_too_large' as const;
  constructor() {
    super('The request line and headers are too large; send shorter query strings or headers');
  }
}

/** A framework answer that has a status but no domain meaning of its own. */
export class FrameworkError extends DomainError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A bug: the message never says more than this. */
export class InternalError extends DomainError {
  readonly code = 'internal_error' as const;
  constructor() {
    super('Internal error; quote the requestId when reporting it');
  }
}
