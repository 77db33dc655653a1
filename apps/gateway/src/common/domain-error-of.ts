import { HttpException } from '@nestjs/common';
import { DomainError, ErrorCode } from '@userbridge/errors';
import { fromFastifyError } from './fastify-errors';
import { FrameworkError, RouteNotFoundError } from './gateway-errors';

const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  405: 'operation_not_supported',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Whatever was thrown, as a domain error; null when it is a bug. */
export function toDomainError(
  exception: unknown,
  request: { method: string; url: string },
): DomainError | null {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return new RouteNotFoundError(request.method, request.url.split('?')[0]);
    const code = FRAMEWORK_CODES[status];
    // Nest's texts ("ThrottlerException: ...") are not ours to pass on.
    if (code) return new FrameworkError(code, `The request was refused (HTTP ${status})`);
  }
  return fromFastifyError(exception);
}
