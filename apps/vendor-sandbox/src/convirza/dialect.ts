import { SANDBOX_CREDENTIALS } from '../credentials';
import { VendorDialect } from '../dialect';
import { envelope, errorBody, fail } from './envelope';
import { convirzaRoutes } from './routes';

export const convirzaDialect: VendorDialect = {
  vendor: 'convirza',
  authorized: (request) =>
    request.headers.authorization === `Bearer ${SANDBOX_CREDENTIALS.convirzaToken}`,
  unauthorized: (reply) => fail(reply, 401, 'Unauthorized: invalid or expired token'),
  errorBody,
  malformed: () => '{"code":200,"message":"Success","data":{"users":[{',
  wrongShape: () => envelope(200, 'Success', 'unexpected'),
  emptyList: () => envelope(200, 'Success', { users: [], total: 0 }),
  routes: convirzaRoutes,
};
