export * from './postgres-server';
export * from './pglite';
export * from './fake-adapter';
export * from './engines';
export * from './transaction-probe';
