import { VendorConfigError } from '@userbridge/vendor-core';
import { deskPlugin } from './desk.plugin';

describe('deskPlugin.readConnection', () => {
  it('is not configured without its variables', () =>
    expect(deskPlugin.readConnection({})).toBeNull());

  it('reads a base URL with a path and Basic credentials', () => {
    expect(
      deskPlugin.readConnection({
        DESK_BASE_URL: 'https://acme.td.commpeak.com/api/',
        DESK_USERNAME: 'u',
        DESK_PASSWORD: 'p:w',
      }),
    ).toEqual({
      baseUrl: 'https://acme.td.commpeak.com/api',
      username: 'u',
      password: 'p:w',
      roleIds: [],
    });
  });

  it('reads DESK_ROLE_IDS as role name and id pairs', () => {
    expect(
      deskPlugin.readConnection({
        DESK_BASE_URL: 'https://x/api',
        DESK_USERNAME: 'u',
        DESK_PASSWORD: 'p',
        DESK_ROLE_IDS: ' Admin:17, Team Lead:r-9 ,read_only:24',
      })?.roleIds,
    ).toEqual([
      { name: 'Admin', id: '17' },
      { name: 'Team Lead', id: 'r-9' },
      { name: 'read only', id: '24' },
    ]);
  });

  it.each([
    [{ DESK_BASE_URL: 'https://x/api', DESK_USERNAME: 'u' }, /DESK_PASSWORD/],
    [{ DESK_BASE_URL: 'ftp://x', DESK_USERNAME: 'u', DESK_PASSWORD: 'p' }, /DESK_BASE_URL/],
    [{ DESK_BASE_URL: 'not a url', DESK_USERNAME: 'u', DESK_PASSWORD: 'p' }, /DESK_BASE_URL/],
    [
      { DESK_BASE_URL: 'https://u:p@x/api', DESK_USERNAME: 'u', DESK_PASSWORD: 'p' },
      /DESK_BASE_URL/,
    ],
    [{ DESK_USERNAME: 'u', DESK_PASSWORD: 'p' }, /DESK_BASE_URL/],
    [{ DESK_BASE_URL: 'https://x/api', DESK_USERNAME: 'a:b', DESK_PASSWORD: 'p' }, /DESK_USERNAME/],
    [
      {
        DESK_BASE_URL: 'https://x/api',
        DESK_USERNAME: 'u',
        DESK_PASSWORD: 'p',
        DESK_ROLE_IDS: 'Admin',
      },
      /DESK_ROLE_IDS/,
    ],
    [
      {
        DESK_BASE_URL: 'https://x/api',
        DESK_USERNAME: 'u',
        DESK_PASSWORD: 'p',
        DESK_ROLE_IDS: 'Admin:1 7',
      },
      /DESK_ROLE_IDS/,
    ],
    [{ DESK_ROLE_IDS: 'Admin:17' }, /DESK_ROLE_IDS/],
  ])('refuses %p', (env, message) => {
    expect(() => deskPlugin.readConnection(env)).toThrow(VendorConfigError);
    expect(() => deskPlugin.readConnection(env)).toThrow(message);
  });
});
