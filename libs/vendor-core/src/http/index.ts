export * from './vendor-http.types';
export * from './vendor-http.client';
export * from './keep-alive';
export * from './path';
export * from './status-errors';
