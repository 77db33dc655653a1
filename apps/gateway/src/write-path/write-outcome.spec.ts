import {
  VendorConflictError,
  VendorFailureError,
  VendorNotFoundError,
  VendorRejectedError,
  VendorTimeoutError,
} from '@userbridge/vendor-core';
import { mayHaveApplied } from './write-outcome';

describe('mayHaveApplied', () => {
  it.each([
    [
      'a refused connection (nothing reached the vendor)',
      new VendorFailureError('acme', 'x', { cause: 'ECONNREFUSED' }),
      false,
    ],
    ['a rejected write (4xx)', new VendorRejectedError('acme', 'x'), false],
    ['a conflict', new VendorConflictError('acme', 'x'), false],
    ['a missing user', new VendorNotFoundError('acme', '1'), false],
    ['a timeout', new VendorTimeoutError('acme', 100), true],
    ['a dropped connection', new VendorFailureError('acme', 'x', { cause: 'ECONNRESET' }), true],
    ['a 5xx', new VendorFailureError('acme', 'x', { vendorStatus: 500 }), true],
    ['an unreadable answer', new VendorFailureError('acme', 'x', { cause: 'malformed' }), true],
  ])('%s: %p', (_what, error, applied) => expect(mayHaveApplied(error)).toBe(applied));
});
