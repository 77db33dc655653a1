import {
  DomainError,
  statusError,
  VendorConflictError,
  VendorNotFoundError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { envelopeMessage, VENDOR } from './convirza.envelope';

/**
 * A non-2xx Convirza answer as a domain error. Errors use the success
 * envelope with `data: null` and `code` equal to the HTTP status (assumed).
 */
export function convirzaError(response: VendorResponse, vendorId?: string): DomainError {
  const message = envelopeMessage(response.body);
  if (response.status === 404 && vendorId !== undefined)
    return new VendorNotFoundError(VENDOR, vendorId);
  if (response.status === 409) {
    return new VendorConflictError(
      VENDOR,
      `Convirza refused the write: ${message ?? 'the email address is already in use'}`,
      { vendorStatus: 409 },
    );
  }
  return statusError(VENDOR, response, message);
}
