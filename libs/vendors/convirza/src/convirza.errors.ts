import { DomainError } from '@userbridge/errors';
import {
  statusError,
  VendorConflictError,
  VendorNotFoundError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { VENDOR } from './convirza.envelope';

/**
 * A non-2xx Convirza answer as a domain error. Errors use the success
 * envelope with `data: null` and `code` equal to the HTTP status (assumed).
 * The envelope's message is never passed on: it is vendor text, logged only.
 */
export function convirzaError(response: VendorResponse, vendorId?: string): DomainError {
  if (response.status === 404 && vendorId !== undefined)
    return new VendorNotFoundError(VENDOR, vendorId);
  if (response.status === 409) {
    return new VendorConflictError(
      VENDOR,
      'Convirza refused the write (HTTP 409): the email address is already in use',
      { vendorStatus: 409 },
    );
  }
  return statusError(VENDOR, response);
}
