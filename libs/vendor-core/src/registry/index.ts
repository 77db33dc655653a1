export * from './vendor.registry';
export * from './vendor-registry.module';
