import { DomainError, InvalidRequestError } from '@userbridge/vendor-core';
import { BODY_LIMIT_BYTES } from './body-limit';
import { PayloadTooLargeError } from './gateway-errors';

interface FastifyLikeError {
  code: string;
  statusCode?: number;
  message: string;
}

function isFastifyError(error: unknown): error is FastifyLikeError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_');
}

/** Errors Fastify raises before a handler runs (body parsing, content types), as domain errors. */
export function fromFastifyError(error: unknown): DomainError | null {
  if (!isFastifyError(error)) return null;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new PayloadTooLargeError(BODY_LIMIT_BYTES);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new InvalidRequestError('Unsupported Content-Type: send application/json');
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new InvalidRequestError('The JSON body is empty');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new InvalidRequestError(`The request could not be read: ${error.message}`);
  }
  return null;
}
