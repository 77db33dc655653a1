import { convirzaPlugin } from '@userbridge/convirza';
import { crediraPlugin } from '@userbridge/credira';
import { deskPlugin } from '@userbridge/desk';
import { VendorPlugin } from '@userbridge/vendor-core';

/**
 * The composition root: the one place that names vendors. Adding a vendor is
 * adding its lib and one entry here; the order is the order of listings.
 */
export const VENDOR_PLUGINS: readonly VendorPlugin[] = [
  convirzaPlugin as VendorPlugin,
  deskPlugin as VendorPlugin,
  crediraPlugin as VendorPlugin,
];
