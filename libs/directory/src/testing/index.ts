export * from './postgres-server';
export * from './shared-postgres';
export * from './test-run';
export * from './pglite';
export * from './fake-adapter';
export * from './engines';
export * from './transaction-probe';
