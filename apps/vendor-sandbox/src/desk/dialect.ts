import { SANDBOX_CREDENTIALS } from '../credentials';
import { VendorDialect } from '../dialect';
import { errorBody } from './errors';
import { deskRoutes } from './routes';

/** The desk of one tenant: only that tenant's Basic credentials are let in. */
export function deskDialectFor(username: string, password: string): VendorDialect {
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return {
    ...deskDialect,
    authorized: (request) => request.headers.authorization === expected,
  };
}

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
