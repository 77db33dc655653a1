import { OperationNotSupportedError } from '@userbridge/errors';
import {
  VendorAuthFailedError,
  VendorConflictError,
  VendorFailureError,
  VendorForbiddenError,
  VendorNotFoundError,
  VendorRateLimitedError,
  VendorRejectedError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { crediraError } from './credira.errors';

const answer = (
  status: number,
  code: string | null,
  message = 'Oops',
  headers: Record<string, string> = {},
): VendorResponse => ({
  status,
  headers,
  body:
    code === null
      ? '<html>'
      : { success: false, error: { code, message }, meta: { timestamp: 't', request_id: 'r' } },
});

describe('crediraError', () => {
  it.each([
    [answer(404, 'NOT_FOUND', 'User not found'), VendorNotFoundError],
    [answer(400, 'INVALID_REQUEST', 'Invalid user ID format'), VendorRejectedError],
    [answer(401, 'UNAUTHORIZED', 'Invalid or missing API key'), VendorAuthFailedError],
    // The page's 403 on one user is that user's refusal, not the gateway's credentials failing.
    [
      answer(403, 'FORBIDDEN', "You don't have permission to access this user"),
      VendorForbiddenError,
    ],
    [answer(409, 'CONFLICT', 'Email already exists'), VendorConflictError],
    [answer(405, null), OperationNotSupportedError],
    [answer(429, 'RATE_LIMITED', 'Slow down', { 'retry-after': '7' }), VendorRateLimitedError],
    [answer(500, 'INTERNAL_ERROR'), VendorFailureError],
    [answer(502, null), VendorFailureError],
    // The code decides when the status disagrees.
    [answer(422, 'NOT_FOUND'), VendorNotFoundError],
    [answer(418, 'CONFLICT'), VendorConflictError],
    [answer(418, 'FORBIDDEN'), VendorForbiddenError],
  ])('maps %p', (response, type) => expect(crediraError(response, 'user_1')).toBeInstanceOf(type));

  it('names the user that was not found', () => {
    expect(crediraError(answer(404, 'NOT_FOUND'), 'user_1').message).toContain('credira:user_1');
  });

  it('answers in its own words, keeps a code-shaped vendor code and the Retry-After', () => {
    const rejected = crediraError(answer(400, 'INVALID_REQUEST', 'Bearer sk_live_secret at db-7'));
    expect(rejected.message).not.toMatch(/sk_live_secret|db-7/);
    expect(rejected.message).toMatch(/credira.*HTTP 400/);
    expect(rejected.details).toMatchObject({ vendorCode: 'INVALID_REQUEST' });
    expect(crediraError(answer(400, '<b>x</b> token=abc')).details).not.toHaveProperty(
      'vendorCode',
    );
    expect(
      (
        crediraError(
          answer(429, 'RATE_LIMITED', 'x', { 'retry-after': '7' }),
        ) as VendorRateLimitedError
      ).retryAfterSeconds,
    ).toBe(7);
    expect((crediraError(answer(403, 'FORBIDDEN')) as VendorAuthFailedError).details).toEqual({
      vendorStatus: 403,
    });
  });

  it('reads a 403 without a user (a list, the probe) as the credentials lacking rights', () => {
    expect(crediraError(answer(403, 'FORBIDDEN'))).toBeInstanceOf(VendorAuthFailedError);
    expect(crediraError(answer(403, 'FORBIDDEN'), 'user_1')).toMatchObject({
      code: 'vendor_forbidden',
      details: { vendorId: 'user_1' },
    });
  });

  it('treats a 404 without an id (a list) as a vendor failure, not a missing user', () => {
    expect(crediraError(answer(404, 'NOT_FOUND'))).toBeInstanceOf(VendorFailureError);
  });
});
