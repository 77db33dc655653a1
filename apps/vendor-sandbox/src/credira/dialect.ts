import { SANDBOX_CREDENTIALS } from '../credentials';
import { VendorDialect } from '../dialect';
import { errorBody, fail, ok } from './envelope';
import { crediraRoutes } from './routes';

export const crediraDialect: VendorDialect = {
  vendor: 'credira',
  authorized: (request) =>
    request.headers.authorization === `Bearer ${SANDBOX_CREDENTIALS.crediraApiKey}`,
  unauthorized: (reply) => fail(reply, 401, 'Invalid or missing API key'),
  errorBody,
  malformed: () => '{"success":true,"data":{"id":',
  wrongShape: () => ({ success: true, data: 42, meta: {} }),
  emptyList: (request) => {
    const query = request.query as { page?: string; limit?: string };
    const page = Number(query.page ?? 1) || 1;
    const limit = Number(query.limit ?? 20) || 20;
    return ok([], { page, limit, total: 0, total_pages: 0 });
  },
  routes: crediraRoutes,
};
