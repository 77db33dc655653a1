import { DomainError, InvalidRequestError } from '@userbridge/errors';
import { BODY_LIMIT_BYTES } from './body-limit';
import { PayloadTooLargeError, UnsupportedMediaTypeError, UriTooLongError } from './gateway-errors';

interface FastifyLikeError {
  code: string;
  statusCode?: number;
  message: string;
}

function isFastifyError(error: unknown): error is FastifyLikeError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_');
}

/** Errors Fastify raises around a handler (routing, body parsing, content types), as domain errors. */
export function fromFastifyError(error: unknown): DomainError | null {
  if (!isFastifyError(error)) return null;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(BODY_LIMIT_BYTES);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidRequestError('The JSON body is empty');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new UriTooLongError();
    case 'FST_ERR_BAD_URL':
      return new InvalidRequestError('The URL is not valid: a percent sign must start %XX');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new InvalidRequestError(`The request could not be read: ${error.message.slice(0, 200)}`);
  }
  return null;
}
