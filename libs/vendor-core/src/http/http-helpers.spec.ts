import {
  VendorAuthFailedError,
  VendorConflictError,
  VendorFailureError,
  VendorRateLimitedError,
  VendorRejectedError,
} from '../errors';
import { pathOf } from './path';
import { retryAfterSeconds, statusError } from './status-errors';
import { routeLabel } from './vendor-call.observer';

describe('pathOf', () => {
  it('percent-encodes every dynamic segment so an id can never change the route', () => {
    expect(String(pathOf`users/${'../admin'}`)).toBe('users/..%2Fadmin');
    expect(String(pathOf`users/${'a?b#c d'}`)).toBe('users/a%3Fb%23c%20d');
    expect(String(pathOf`users/${42}`)).toBe('users/42');
  });

  it('keeps the route template, whatever the id looks like', () => {
    expect(pathOf`users/${'user_CWyWabcXYZ'}`.route).toBe('users/:id');
    expect(pathOf`/orgs/${'acme'}/users/${7}`.route).toBe('orgs/:id/users/:id');
  });
});

describe('routeLabel', () => {
  it.each([
    ['users/12345', 'users/:id'],
    ['/users/user_s01', 'users/:id'],
    ['users', 'users'],
    [`users/${'x'.repeat(50)}`, 'users/:id'],
  ])('%p -> %p', (path, label) => expect(routeLabel(path)).toBe(label));

  it('labels a pathOf path by its template: ids without digits never become labels', () => {
    const labels = new Set(
      ['user_CWyWabcXYZ', 'user_QpLmNoRsTu', 'alice'].map((id) => routeLabel(pathOf`users/${id}`)),
    );
    expect([...labels]).toEqual(['users/:id']);
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it.each([
    [{ 'retry-after': '7' }, 7],
    [{ 'retry-after': ' 30 ' }, 30],
    [{ 'retry-after': 'Sun, 22 Nov 2026 10:00:05 GMT' }, 5],
    [{ 'retry-after': 'Sun, 22 Nov 2026 09:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, 1],
    [{}, 1],
  ])('%p -> %p', (headers, seconds) => expect(retryAfterSeconds(headers, 1, now)).toBe(seconds));
});

describe('statusError', () => {
  const answer = (status: number, headers: Record<string, string> = {}) => ({
    status,
    headers,
    body: undefined,
  });
  it.each([
    [401, VendorAuthFailedError],
    [403, VendorAuthFailedError],
    [409, VendorConflictError],
    [400, VendorRejectedError],
    [422, VendorRejectedError],
    [429, VendorRateLimitedError],
    [500, VendorFailureError],
    [418, VendorFailureError],
  ])('%p', (status, type) => expect(statusError('acme', answer(status))).toBeInstanceOf(type));

  it('keeps the vendor status in details', () => {
    expect(statusError('acme', answer(503)).details).toMatchObject({ vendorStatus: 503 });
  });
});
