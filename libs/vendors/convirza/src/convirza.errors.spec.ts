import {
  VendorAuthFailedError,
  VendorConflictError,
  VendorFailureError,
  VendorNotFoundError,
  VendorRateLimitedError,
  VendorRejectedError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { convirzaError } from './convirza.errors';

const answer = (
  status: number,
  message: string | null = 'Oops',
  headers: Record<string, string> = {},
): VendorResponse => ({
  status,
  headers,
  body:
    message === null
      ? '<html>'
      : { code: status, message, data: null, request_id: 'r', timestamp: 't' },
});

describe('convirzaError', () => {
  it.each([
    [answer(404), VendorNotFoundError],
    [answer(400, 'Invalid org unit'), VendorRejectedError],
    [answer(401), VendorAuthFailedError],
    [answer(403), VendorAuthFailedError],
    [answer(409, 'Email already exists'), VendorConflictError],
    [answer(429, 'Slow down', { 'retry-after': '7' }), VendorRateLimitedError],
    [answer(500), VendorFailureError],
    [answer(502, null), VendorFailureError],
  ])('maps %p', (response, type) => expect(convirzaError(response, '12345')).toBeInstanceOf(type));

  it('answers in its own words and keeps the Retry-After', () => {
    for (const status of [400, 409, 500]) {
      const error = convirzaError(answer(status, 'Bearer cvz_token_abc at 10.0.0.7'));
      expect(error.message).not.toMatch(/cvz_token_abc|10\.0\.0\.7/);
      expect(error.message).toContain(`HTTP ${status}`);
    }
    expect(
      (convirzaError(answer(429, 'x', { 'retry-after': '7' })) as VendorRateLimitedError)
        .retryAfterSeconds,
    ).toBe(7);
  });

  it('treats a 404 without an id (a list) as a vendor failure, not a missing user', () => {
    expect(convirzaError(answer(404))).toBeInstanceOf(VendorFailureError);
  });
});
