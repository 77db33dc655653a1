import { SANDBOX_CREDENTIALS } from '../credentials';
import { VendorDialect } from '../dialect';
import { errorBody } from './errors';
import { deskRoutes } from './routes';

const EXPECTED_AUTH = `Basic ${Buffer.from(
  `${SANDBOX_CREDENTIALS.deskUsername}:${SANDBOX_CREDENTIALS.deskPassword}`,
).toString('base64')}`;

export const deskDialect: VendorDialect = {
  vendor: 'desk',
  authorized: (request) => request.headers.authorization === EXPECTED_AUTH,
  unauthorized: (reply) =>
    reply
      .code(401)
      .header('www-authenticate', 'Basic realm="desk"')
      .send(errorBody(401, 'Unauthorized')),
  errorBody,
  malformed: () => '[{"id":"1","username":',
  // An object where the desk always answers an array.
  wrongShape: () => ({ unexpected: true }),
  emptyList: () => [],
  routes: deskRoutes,
};
