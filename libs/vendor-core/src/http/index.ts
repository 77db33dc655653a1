export * from './vendor-http.types';
export * from './vendor-http.client';
export * from './keep-alive';
export * from './path';
export * from './status-errors';
export * from './vendor-call.observer';
export * from './resilience/resilience-options';
export * from './vendor-http.provider';
