import { SANDBOX_CREDENTIALS } from '../credentials';
import { VendorDialect } from '../dialect';
import { errorBody, fail } from './envelope';
import { crediraRoutes } from './routes';

export const crediraDialect: VendorDialect = {
  vendor: 'credira',
  authorized: (request) =>
    request.headers.authorization === `Bearer ${SANDBOX_CREDENTIALS.crediraApiKey}`,
  unauthorized: (reply) => fail(reply, 401, 'Invalid or missing API key'),
  errorBody,
  malformed: () => '{"success":true,"data":{"id":',
  wrongShape: () => ({ success: true, data: 42, meta: {} }),
  routes: crediraRoutes,
};
