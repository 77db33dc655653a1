export * from './vendor-operation';
export * from './user-record';
export * from './user-write';
export * from './vendor-adapter.port';
export * from './vendor-plugin';
export * from './require-valid-id';
