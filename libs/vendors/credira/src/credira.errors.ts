import { DomainError, OperationNotSupportedError } from '@userbridge/errors';
import {
  statusError,
  VendorAuthFailedError,
  VendorConflictError,
  rejectedError,
  VendorForbiddenError,
  VendorNotFoundError,
  VendorResponse,
} from '@userbridge/vendor-core';
import { envelopeError, VENDOR } from './credira.envelope';

/**
 * A non-2xx Credira answer as a domain error. Credira's `error.code` decides
 * when present, the HTTP status otherwise (statuses follow the codes: assumed
 * beyond the four the page shows). Credira's `error.message` is vendor text:
 * logged only, never passed on.
 */
export function crediraError(response: VendorResponse, vendorId?: string): DomainError {
  const { code } = envelopeError(response.body);
  const { status } = response;
  // A 404 without an id (a list) is not a missing user: Credira's routes moved or the base URL is wrong.
  if ((code === 'NOT_FOUND' || status === 404) && vendorId !== undefined)
    return new VendorNotFoundError(VENDOR, vendorId);
  if (code === 'INVALID_REQUEST' || status === 400) {
    // Only a code-shaped token goes out: anything else in that field is vendor text.
    const token = code !== null && /^[A-Z][A-Z0-9_]{0,39}$/.test(code) ? code : null;
    return rejectedError(VENDOR, status, token === null ? {} : { vendorCode: token });
  }
  // The Get User page's 403: "You don't have permission to access this user". On a path
  // naming one user it is that user's refusal, not the gateway's credentials failing.
  if ((code === 'FORBIDDEN' || status === 403) && vendorId !== undefined)
    return new VendorForbiddenError(VENDOR, vendorId);
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN' || status === 401 || status === 403) {
    return new VendorAuthFailedError(
      VENDOR,
      status === 401 || status === 403 ? status : code === 'FORBIDDEN' ? 403 : 401,
    );
  }
  if (code === 'CONFLICT' || status === 409) {
    return new VendorConflictError(
      VENDOR,
      `Credira refused the write (HTTP ${status}): the email address is already in use`,
      {
        vendorStatus: status,
      },
    );
  }
  if (status === 405) return new OperationNotSupportedError(VENDOR, 'this operation');
  return statusError(VENDOR, response);
}
