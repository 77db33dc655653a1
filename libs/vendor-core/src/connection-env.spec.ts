import { readBaseUrl, readVendorVariables } from './connection-env';
import { VendorConfigError } from './port';

describe('readVendorVariables', () => {
  const NAMES = ['A_URL', 'A_KEY'] as const;
  it('is null when every variable is absent or blank', () => {
    expect(readVendorVariables({}, 'a', NAMES)).toBeNull();
    expect(readVendorVariables({ A_URL: ' ', A_KEY: '' }, 'a', NAMES)).toBeNull();
  });
  it('reads them all, trimmed', () => {
    expect(readVendorVariables({ A_URL: ' u ', A_KEY: 'k' }, 'a', NAMES)).toEqual({
      A_URL: 'u',
      A_KEY: 'k',
    });
  });
  it('names what is missing when only some are set', () => {
    expect(() => readVendorVariables({ A_URL: 'u' }, 'a', NAMES)).toThrow(/set A_KEY as well/);
  });
});

describe('readBaseUrl', () => {
  it('keeps a path and drops trailing slashes', () => {
    expect(readBaseUrl('X', 'http://host:8080/api//')).toBe('http://host:8080/api');
  });
  it.each([
    'not a url',
    'ftp://host/x',
    'https://user:pw@host/x',
    'https://host/x?debug=1',
    'https://host/x#frag',
  ])('refuses %p', (value) => {
    expect(() => readBaseUrl('X', value)).toThrow(VendorConfigError);
  });
  it('never echoes credentials given in the URL', () => {
    expect(() => readBaseUrl('X', 'https://user:s3cret@host/x')).toThrow(/^(?!.*s3cret)/);
  });
});
