import { InvalidRequestError } from '@userbridge/errors';

/** A vendor id that does not fit its vendor's format: refused before any call. */
export class InvalidVendorIdError extends InvalidRequestError {
  constructor(vendor: string, displayName: string, vendorId: string, idFormat: string) {
    super(`"${vendorId.slice(0, 40)}" is not a ${displayName} user id: expected ${idFormat}`, {
      vendor,
      problems: [{ field: 'id', message: `expected ${idFormat}` }],
    });
  }
}
