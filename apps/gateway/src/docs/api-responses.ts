import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../common/error-body.dto';

type ErrorCase = [status: number, code: string, description: string, message: string];

const CASES: Record<string, ErrorCase> = {
  invalid: [
    400,
    'invalid_request',
    'Malformed id, unknown vendor, invalid body or query',
    '"abc" is not a user id: expected <vendor>:<vendorId>, e.g. convirza:12345',
  ],
  unauthorized: [
    401,
    'unauthorized',
    'No gateway key, or an unknown one',
    'The gateway key is not valid',
  ],
  forbidden: [
    403,
    'forbidden',
    'The key lacks the scope (forbidden), or the vendor refuses the gateway this one user (vendor_forbidden)',
    'This key has the "read" scope; this operation needs "write"',
  ],
  notFound: [
    404,
    'not_found',
    'No such user at the vendor',
    'User convirza:99999 was not found at convirza',
  ],
  unsupported: [
    405,
    'operation_not_supported',
    'The vendor does not support the operation',
    'desk does not support delete',
  ],
  conflict: [
    409,
    'conflict',
    'Duplicate email, or an Idempotency-Key reused with another body',
    'convirza reports a conflict: email already in use',
  ],
  tooLarge: [
    413,
    'payload_too_large',
    'Body over 100 kB',
    'The request body is larger than 100 kB',
  ],
  rateLimited: [
    429,
    'rate_limited',
    'Too many requests for this key',
    'Too many requests; retry after 1 s',
  ],
  vendorAuth: [
    502,
    'vendor_auth_failed',
    "The vendor rejected the gateway's own credentials",
    "credira rejected the gateway's credentials (HTTP 401)",
  ],
  vendorError: [
    502,
    'vendor_error',
    'Vendor 5xx, unreachable, or an unreadable answer',
    'convirza answered HTTP 500',
  ],
  vendorRateLimited: [
    503,
    'vendor_rate_limited',
    'Vendor rate limit after retries (Retry-After is set)',
    'desk is rate limiting the gateway; retry after 2s',
  ],
  vendorTimeout: [504, 'vendor_timeout', 'Vendor too slow', 'desk did not answer within 5000 ms'],
};

export type ErrorCaseName = keyof typeof CASES;

/** Documents error answers with an example body in the one error shape. */
export function ApiErrors(...names: ErrorCaseName[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...names.map((name) => {
      const [status, code, description, message] = CASES[name];
      return ApiResponse({
        status,
        description,
        type: ErrorBody,
        example: { error: { code, message, requestId: '6f1c2d34-5b6a-4c7d-8e9f-0a1b2c3d4e5f' } },
      });
    }),
  );
}

/** Errors any authenticated read can meet. */
export const READ_ERRORS: ErrorCaseName[] = ['invalid', 'unauthorized', 'rateLimited'];
/** Errors any call that reaches one vendor can meet. */
export const VENDOR_ERRORS: ErrorCaseName[] = [
  'vendorAuth',
  'vendorError',
  'vendorRateLimited',
  'vendorTimeout',
];
