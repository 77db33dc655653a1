import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger';

/** Response headers the gateway sends, named once and referenced from every answer they apply to. */
const HEADERS: Record<string, HeaderObject> = {
  RequestId: {
    description:
      'The request id: the caller’s own `x-request-id` when it is a sane token (1-128 of `A-Za-z0-9._:-`), ' +
      'otherwise a new UUID. Errors carry the same value in `error.requestId`.',
    schema: { type: 'string', example: '6f1c2d34-5b6a-4c7d-8e9f-0a1b2c3d4e5f' },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1, example: 2 },
  },
  RateLimitLimit: {
    description:
      'Requests allowed per minute for this key (`RATE_LIMIT_PER_MINUTE`; absent when 0)',
    schema: { type: 'integer', minimum: 1, example: 1200 },
  },
  RateLimitRemaining: {
    description: 'Requests left in the current window for this key',
    schema: { type: 'integer', minimum: 0, example: 1187 },
  },
  RateLimitReset: {
    description: 'Seconds until the window resets',
    schema: { type: 'integer', minimum: 0, example: 42 },
  },
  IdempotentReplayed: {
    description:
      '`true` when this answer replays the first answer given to the same Idempotency-Key and body (no new vendor call)',
    schema: { type: 'string', enum: ['true'] },
  },
};

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });

const RATE_LIMIT = {
  'X-RateLimit-Limit': ref('RateLimitLimit'),
  'X-RateLimit-Remaining': ref('RateLimitRemaining'),
  'X-RateLimit-Reset': ref('RateLimitReset'),
};

function isAuthenticated(document: OpenAPIObject, operation: OperationObject): boolean {
  const security = operation.security ?? document.security ?? [];
  return security.length > 0;
}

function takesIdempotencyKey(operation: OperationObject): boolean {
  return (operation.parameters ?? []).some(
    (p) => 'name' in p && p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
  );
}

/**
 * Documents the headers of every answer: `x-request-id` on all of them, the
 * rate-limit headers on authenticated calls (the limiter skips open routes),
 * `Retry-After` on 429 and 503, `idempotent-replayed` where an Idempotency-Key is taken.
 */
export function documentResponseHeaders(document: OpenAPIObject): void {
  const components = (document.components ??= {});
  components.headers = { ...components.headers, ...HEADERS };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      const limited = isAuthenticated(document, operation);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || '$ref' in response) continue;
        const code = Number(status);
        const headers: ResponseObject['headers'] = { 'x-request-id': ref('RequestId') };
        if (limited && (code < 300 || code === 429)) Object.assign(headers, RATE_LIMIT);
        if (code === 429 || code === 503) headers['Retry-After'] = ref('RetryAfter');
        if (code < 300 && takesIdempotencyKey(operation))
          headers['idempotent-replayed'] = ref('IdempotentReplayed');
        response.headers = { ...response.headers, ...headers };
      }
    }
  }
}
