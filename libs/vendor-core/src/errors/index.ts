export * from './domain.error';
export * from './request.error';
export * from './vendor.error';
