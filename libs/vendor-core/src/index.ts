export * from './errors';
export * from './port';
export * from './http';
export * from './secrets';
export * from './connection-env';
export * from './registry';
export * from './credential-scrubber';
