import { ArgumentsHost, Catch, ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import { StoreUnavailableError } from '@userbridge/directory';
import { DomainError, ErrorCode } from '@userbridge/errors';
import { ScimError, ScimErrorType } from '@userbridge/scim';
import { VendorRateLimitedError } from '@userbridge/vendor-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toDomainError } from '../common/domain-error-of';
import { RateLimitedError } from '../common/gateway-errors';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** A SCIM error that asks the client to come back later (`Retry-After`). */
export class ScimRetryLaterError extends ScimError {
  constructor(
    status: number,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, undefined, detail);
  }
}

/** What a domain error code is in SCIM: its status and scimType (RFC 7644 §3.12). */
const SCIM_BY_CODE: Record<ErrorCode, { status: number; scimType?: ScimErrorType }> = {
  invalid_request: { status: 400, scimType: 'invalidValue' },
  // Any key that is not a SCIM key of this connection is "not authenticated" here.
  unauthorized: { status: 401 },
  forbidden: { status: 401 },
  not_found: { status: 404 },
  operation_not_supported: { status: 405 },
  conflict: { status: 409, scimType: 'uniqueness' },
  payload_too_large: { status: 413 },
  unsupported_media_type: { status: 415 },
  uri_too_long: { status: 414 },
  header_fields_too_large: { status: 431 },
  rate_limited: { status: 429 },
  vendor_auth_failed: { status: 502 },
  vendor_forbidden: { status: 403 },
  vendor_error: { status: 502 },
  vendor_rate_limited: { status: 503 },
  vendor_timeout: { status: 504 },
  store_unavailable: { status: 503 },
  internal_error: { status: 500 },
};

/** Seconds a client should wait after a 503 that names no time of its own. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export interface ScimRendered {
  status: number;
  headers: Record<string, string>;
  body: ReturnType<ScimError['toBody']>;
}

function withRetry(error: ScimError, seconds: number | undefined): ScimRendered {
  const headers: Record<string, string> = {
    'content-type': SCIM_CONTENT_TYPE,
    'cache-control': 'no-store',
  };
  if (seconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(seconds)));
  return { status: error.status, headers, body: error.toBody() };
}

/** A domain error as the SCIM error of the same meaning, in the gateway's own words. */
export function scimErrorOf(domain: DomainError): { error: ScimError; retryAfter?: number } {
  const { status, scimType } = SCIM_BY_CODE[domain.code];
  const unknownOutcome = domain.details?.outcome === 'unknown';
  const detail =
    domain.code === 'forbidden'
      ? 'This key is not a SCIM key of this connection'
      : unknownOutcome
        ? `${domain.message} (the write may have been applied: read the user before retrying)`
        : domain.message;
  const error = new ScimError(status, scimType, detail);
  if (domain instanceof VendorRateLimitedError || domain instanceof RateLimitedError)
    return { error, retryAfter: domain.retryAfterSeconds };
  if (status === 503) return { error, retryAfter: DEFAULT_RETRY_AFTER_SECONDS };
  return { error };
}

/**
 * The SCIM endpoints' errors, in the SCIM shape (RFC 7644 §3.12) instead of
 * the REST API's: bound to the SCIM controllers only, so it also catches what
 * their guards throw (a missing or foreign key, a rate limit).
 */
@Catch()
export class ScimErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Scim');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const rendered = this.render(exception, request);
    void reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
  }

  render(exception: unknown, request: FastifyRequest): ScimRendered {
    if (exception instanceof ScimRetryLaterError)
      return withRetry(exception, exception.retryAfterSeconds);
    if (exception instanceof ScimError) return withRetry(exception, undefined);
    if (exception instanceof NotFoundException)
      return withRetry(new ScimError(404, undefined, 'No such SCIM endpoint'), undefined);
    // Framework refusals (a bad body, a throttled key) become their domain errors first.
    const domain = toDomainError(exception, request);
    if (domain instanceof StoreUnavailableError)
      this.logger.warn({
        reqId: String(request.id),
        msg: `store unavailable on ${request.method} ${request.routeOptions?.url ?? ''}: ${domain.reason}`,
      });
    if (domain) {
      const { error, retryAfter } = scimErrorOf(domain);
      return withRetry(error, retryAfter);
    }
    this.logger.error(
      {
        reqId: String(request.id),
        msg: `Unhandled error on ${request.method} ${request.routeOptions?.url ?? ''} (request ${String(request.id)})`,
      },
      exception instanceof Error ? exception.stack : String(exception),
    );
    return withRetry(
      new ScimError(
        500,
        undefined,
        `Internal error; quote request ${String(request.id)} when reporting it`,
      ),
      undefined,
    );
  }
}
