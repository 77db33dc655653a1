import {
  OperationNotSupportedError,
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

  it('scrubs a password the vendor echoes back', () => {
    const error = deskError(answer(400, 'password hunter2hunter2 is too weak'), undefined, [
      'hunter2hunter2',
    ]);
    expect(error.message).not.toContain('hunter2hunter2');
    expect(error.message).toContain('[redacted]');
  });

  it('names the duplicate username on 409 and tells a 404 without an id from a missing user', () => {
    expect(deskError(answer(409, 'Duplicate entry')).message).toMatch(/username already exists/);
    expect(deskError(answer(404))).toBeInstanceOf(VendorFailureError);
  });

  it('scrubs the password from a conflict message too', () => {
    const error = deskError(answer(409, 'user x with pw hunter2hunter2 exists'), undefined, [
      'hunter2hunter2',
    ]);
    expect(error.message).not.toContain('hunter2hunter2');
  });

  it('reads a plain-text error body', () => {
    expect(deskError({ status: 400, headers: {}, body: 'bad desk id' }).message).toContain(
      'bad desk id',
    );
  });
});
