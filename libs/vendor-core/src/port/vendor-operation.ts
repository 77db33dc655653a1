export const VENDOR_OPERATIONS = ['get', 'list', 'create', 'replace', 'patch', 'delete'] as const;
export type VendorOperation = (typeof VENDOR_OPERATIONS)[number];
