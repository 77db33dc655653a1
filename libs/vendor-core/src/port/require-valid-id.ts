import { InvalidVendorIdError } from '../errors';
import { VendorAdapter } from './vendor-adapter.port';

/** The one id check every adapter method and the gateway's id resolution share. */
export function requireValidId(
  adapter: Pick<VendorAdapter, 'name' | 'displayName' | 'idFormat' | 'isValidId'>,
  vendorId: string,
): void {
  if (!adapter.isValidId(vendorId)) {
    throw new InvalidVendorIdError(adapter.name, adapter.displayName, vendorId, adapter.idFormat);
  }
}
