export * from './invalid-vendor-id.error';
export * from './vendor.error';
