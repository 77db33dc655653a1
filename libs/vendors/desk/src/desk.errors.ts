import { DomainError, OperationNotSupportedError } from '@userbridge/errors';
import {
  statusError,
  VendorConflictError,
  VendorNotFoundError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { VENDOR } from './desk.mapper';

/**
 * A non-2xx desk answer as a domain error; the HTTP status tells what
 * happened (assumed). The body (`{ success: false, message }` or plain text)
 * is vendor text and may echo what we sent: it is logged scrubbed, never
 * passed on.
 */
export function deskError(response: VendorResponse, vendorId?: string): DomainError {
  if (response.status === 404 && vendorId !== undefined)
    return new VendorNotFoundError(VENDOR, vendorId);
  if (response.status === 409) {
    return new VendorConflictError(
      VENDOR,
      'The desk refused the write (HTTP 409): the username already exists',
      { vendorStatus: 409 },
    );
  }
  if (response.status === 405) return new OperationNotSupportedError(VENDOR, 'this operation');
  return statusError(VENDOR, response);
}
