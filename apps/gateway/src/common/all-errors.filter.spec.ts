import { HttpException } from '@nestjs/common';
import { DomainError, ERROR_CODES, ErrorCode } from '@userbridge/errors';
import type { FastifyRequest } from 'fastify';
import { AllErrorsFilter } from './all-errors.filter';
import { STATUS_BY_CODE } from './error-status';
import { RateLimitedError } from './gateway-errors';

class AnyCodeError extends DomainError {
  constructor(readonly code: ErrorCode) {
    super(`an error coded ${code}`);
  }
}

const request = { id: 'req-1', method: 'GET', url: '/v1/x' } as unknown as FastifyRequest;
const filter = new AllErrorsFilter();

describe('AllErrorsFilter', () => {
  it.each(ERROR_CODES.map((code) => [code]))(
    'answers %s with the status of the one table',
    (code) => {
      const rendered = filter.render(new AnyCodeError(code), request);
      expect(rendered.status).toBe(STATUS_BY_CODE[code]);
      expect(rendered.body.error).toMatchObject({ code, requestId: 'req-1' });
    },
  );

  // These three were once mapped by the filter itself, around the table.
  it.each([
    [
      'a body over the limit',
      { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, message: 'x' },
      'payload_too_large',
      413,
    ],
    ['a caller over its budget', new RateLimitedError('slow down', 7), 'rate_limited', 429],
    [
      'a framework 429',
      new HttpException('ThrottlerException: Too Many Requests', 429),
      'rate_limited',
      429,
    ],
    ['a bug', new TypeError('x is undefined'), 'internal_error', 500],
  ])('routes %s through the table', (_what, thrown, code, status) => {
    jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);
    const rendered = filter.render(thrown, request);
    expect(rendered.body.error.code).toBe(code);
    expect(rendered.status).toBe(STATUS_BY_CODE[code as ErrorCode]);
    expect(rendered.status).toBe(status);
    expect(rendered.body.error.message).not.toMatch(/ThrottlerException|undefined/);
  });

  it('sends Retry-After with a caller rate limit', () => {
    expect(filter.render(new RateLimitedError('slow down', 7), request).headers).toMatchObject({
      'retry-after': '7',
    });
  });
});
