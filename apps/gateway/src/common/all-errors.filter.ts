import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { DomainError, ErrorCode, VendorRateLimitedError } from '@userbridge/vendor-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_BY_CODE } from './error-status';
import { fromFastifyError } from './fastify-errors';
import { RateLimitedError, RouteNotFoundError } from './gateway-errors';

interface Rendered {
  status: number;
  body: {
    error: {
      code: ErrorCode;
      message: string;
      vendor?: string;
      details?: Record<string, unknown>;
      requestId: string;
    };
  };
  headers: Record<string, string>;
}

const CODE_BY_HTTP_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'operation_not_supported',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'invalid_request',
  429: 'rate_limited',
};

/**
 * The one place errors become HTTP answers. Domain errors carry their code;
 * framework errors (routing, body parsing, throttling) are translated; anything
 * else is a bug: logged with its stack, answered as a bare 500 without one.
 */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const rendered = this.render(exception, request);
    void reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
  }

  render(exception: unknown, request: FastifyRequest): Rendered {
    const requestId = String(request.id);
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    const domain = this.toDomain(exception, request);
    if (domain) {
      if (domain instanceof VendorRateLimitedError || domain instanceof RateLimitedError)
        headers['retry-after'] = String(Math.max(1, domain.retryAfterSeconds));
      return {
        status: STATUS_BY_CODE[domain.code],
        headers,
        body: {
          error: {
            code: domain.code,
            message: domain.message,
            ...(domain.vendor ? { vendor: domain.vendor } : {}),
            ...(domain.details ? { details: domain.details } : {}),
            requestId,
          },
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_HTTP_STATUS[status];
      if (code) {
        const retryAfter = exception.getResponse();
        if (
          status === 429 &&
          typeof retryAfter === 'object' &&
          retryAfter &&
          'retryAfter' in retryAfter
        ) {
          headers['retry-after'] = String(retryAfter.retryAfter);
        }
        return {
          status,
          headers,
          body: { error: { code, message: exception.message, requestId } },
        };
      }
    }
    this.logger.error(
      `Unhandled error on ${request.method} ${request.routeOptions?.url ?? request.url} (request ${requestId})`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      headers,
      body: {
        error: {
          code: 'internal_error',
          message: 'Internal error; quote the requestId when reporting it',
          requestId,
        },
      },
    };
  }

  private toDomain(exception: unknown, request: FastifyRequest): DomainError | null {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException && exception.getStatus() === 404) {
      return new RouteNotFoundError(request.method, request.url.split('?')[0]);
    }
    return fromFastifyError(exception);
  }
}
