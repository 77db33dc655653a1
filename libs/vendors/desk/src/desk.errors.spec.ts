import { OperationNotSupportedError } from '@userbridge/errors';
import {
  VendorAuthFailedError,
  VendorConflictError,
  VendorFailureError,
  VendorNotFoundError,
  VendorRateLimitedError,
  VendorRejectedError,
} from '@userbridge/vendor-core';
import { deskError } from './desk.errors';

const answer = (status: number, message = 'Oops') => ({
  status,
  headers: { 'retry-after': '3' },
  body: { success: false, message },
});

describe('deskError', () => {
  it.each([
    [404, VendorNotFoundError],
    [400, VendorRejectedError],
    [401, VendorAuthFailedError],
    [403, VendorAuthFailedError],
    [405, OperationNotSupportedError],
    [409, VendorConflictError],
    [429, VendorRateLimitedError],
    [500, VendorFailureError],
  ])('%p', (status, type) => expect(deskError(answer(status), '42')).toBeInstanceOf(type));

  it('never passes the vendor text on: it may echo a password or our credentials', () => {
    for (const status of [400, 409, 405, 500]) {
      const error = deskError(answer(status, 'password hunter2hunter2 / Basic dXNlcjpw'), '42');
      expect(error.message).not.toMatch(/hunter2|dXNlcjpw/);
    }
  });

  it('names the duplicate username on 409 and tells a 404 without an id from a missing user', () => {
    expect(deskError(answer(409, 'Duplicate entry')).message).toMatch(/username already exists/);
    expect(deskError(answer(404))).toBeInstanceOf(VendorFailureError);
  });

  it('answers a plain-text error body in its own words', () => {
    expect(deskError({ status: 400, headers: {}, body: 'bad desk id' }).message).not.toContain(
      'bad desk id',
    );
  });
});
