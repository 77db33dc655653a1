import { VendorConfigError } from '@userbridge/vendor-core';
import { crediraPlugin } from './credira.plugin';

describe('crediraPlugin.readConnection', () => {
  it('is not configured without its variables', () => {
    expect(crediraPlugin.readConnection({})).toBeNull();
    expect(crediraPlugin.readConnection({ CREDIRA_BASE_URL: ' ', CREDIRA_API_KEY: '' })).toBeNull();
  });

  it('reads a base URL with a path and a key', () => {
    expect(
      crediraPlugin.readConnection({
        CREDIRA_BASE_URL: 'https://api.credira.com/v1/',
        CREDIRA_API_KEY: ' k3y ',
      }),
    ).toEqual({
      baseUrl: 'https://api.credira.com/v1',
      apiKey: 'k3y',
    });
  });

  it.each([
    [{ CREDIRA_BASE_URL: 'https://api.credira.com/v1' }, /CREDIRA_API_KEY/],
    [{ CREDIRA_API_KEY: 'k' }, /CREDIRA_BASE_URL/],
    [{ CREDIRA_BASE_URL: 'not a url', CREDIRA_API_KEY: 'k' }, /CREDIRA_BASE_URL is not a URL/],
    [{ CREDIRA_BASE_URL: 'ftp://api.credira.com/v1', CREDIRA_API_KEY: 'k' }, /CREDIRA_BASE_URL/],
    [{ CREDIRA_BASE_URL: 'https://api.credira.com/v1', CREDIRA_API_KEY: 'a b' }, /whitespace/],
  ])('refuses %p', (env, message) => {
    expect(() => crediraPlugin.readConnection(env)).toThrow(VendorConfigError);
    expect(() => crediraPlugin.readConnection(env)).toThrow(message);
  });

  it('lists its variables and the credentials a configuration file gives it', () => {
    expect(crediraPlugin.envVars).toEqual(['CREDIRA_BASE_URL', 'CREDIRA_API_KEY']);
    expect(crediraPlugin.credentialNames).toEqual(['apiKey']);
  });
});
