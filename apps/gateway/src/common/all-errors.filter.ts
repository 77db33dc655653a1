import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { StoreUnavailableError } from '@userbridge/directory';
import { DomainError, ErrorCode } from '@userbridge/errors';
import { VendorRateLimitedError } from '@userbridge/vendor-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScimErrorFilter } from '../scim/scim-error.filter';
import { STATUS_BY_CODE } from './error-status';
import { SCIM_PATH_PREFIX } from './json-body';
import { toDomainError } from './domain-error-of';
import { InternalError, RateLimitedError } from './gateway-errors';

export { toDomainError } from './domain-error-of';

export interface Rendered {
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

/** The documented error answer of a domain error; its status comes from the one table. */
export function renderDomainError(domain: DomainError, requestId: string): Rendered {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
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

/**
 * The one place errors become HTTP answers. Domain errors carry their code;
 * framework errors (routing, body parsing, throttling) are translated; anything
 * else is a bug: logged with its stack, answered as a bare 500 without one.
 */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  // What fails before a SCIM route's own filter runs (an unreadable body, an unknown
  // path under /scim/) is answered in the SCIM error shape all the same.
  private readonly scim = new ScimErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (request.url.startsWith(SCIM_PATH_PREFIX)) {
      this.scim.catch(exception, host);
      return;
    }
    const rendered = this.render(exception, request);
    void reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
  }

  render(exception: unknown, request: FastifyRequest): Rendered {
    const requestId = String(request.id);
    const domain = toDomainError(exception, request);
    // The caller gets the gateway's words; the driver's (which name the
    // server's address) go to this line, with the request id to join them.
    if (domain instanceof StoreUnavailableError)
      this.logger.warn({
        reqId: requestId,
        msg: `store unavailable on ${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}: ${domain.reason}`,
      });
    if (domain) return renderDomainError(domain, requestId);
    this.logger.error(
      {
        reqId: requestId,
        msg: `Unhandled error on ${request.method} ${request.routeOptions?.url ?? request.url} (request ${requestId})`,
      },
      exception instanceof Error ? exception.stack : String(exception),
    );
    return renderDomainError(new InternalError(), requestId);
  }
}
