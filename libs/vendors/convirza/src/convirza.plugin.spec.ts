import { VendorConfigError } from '@userbridge/vendor-core';
import { convirzaPlugin } from './convirza.plugin';

describe('convirzaPlugin.readConnection', () => {
  it('is not configured without its variables', () => {
    expect(convirzaPlugin.readConnection({})).toBeNull();
  });

  it('reads a base URL with a path and a token', () => {
    expect(
      convirzaPlugin.readConnection({
        CONVIRZA_BASE_URL: 'https://platform-api.convirza.com/v3/',
        CONVIRZA_TOKEN: ' t0k ',
      }),
    ).toEqual({
      baseUrl: 'https://platform-api.convirza.com/v3',
      token: 't0k',
    });
  });

  it.each([
    [{ CONVIRZA_BASE_URL: 'https://x/v3' }, /CONVIRZA_TOKEN/],
    [{ CONVIRZA_BASE_URL: 'not a url', CONVIRZA_TOKEN: 't' }, /CONVIRZA_BASE_URL/],
    [{ CONVIRZA_BASE_URL: 'https://x/v3', CONVIRZA_TOKEN: 'a b' }, /whitespace/],
  ])('refuses %p', (env, message) => {
    expect(() => convirzaPlugin.readConnection(env)).toThrow(VendorConfigError);
    expect(() => convirzaPlugin.readConnection(env)).toThrow(message);
  });
});
