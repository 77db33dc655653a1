import { InvalidRequestError } from '@userbridge/errors';
import { VendorAdapter, withOffsetPages } from '../port';
import { VendorRegistry } from './vendor.registry';

const adapter = (name: string): VendorAdapter =>
  withOffsetPages<Omit<VendorAdapter, 'pages'>>({
    name,
    vendor: name,
    displayName: name,
    capabilities: ['get', 'list'],
    idFormat: 'digits',
    isValidId: (id) => /^\d+$/.test(id),
    get: () => Promise.reject(new Error('not used')),
    list: () => Promise.reject(new Error('not used')),
    probe: () => Promise.resolve(),
  });

describe('VendorRegistry', () => {
  it('indexes adapters by name in registration order', () => {
    const registry = new VendorRegistry([adapter('b'), adapter('a')]);
    expect(registry.names()).toEqual(['b', 'a']);
    expect(registry.get('a').name).toBe('a');
    expect(registry.has('c')).toBe(false);
  });

  it('fails fast on two adapters with one name', () => {
    expect(() => new VendorRegistry([adapter('a'), adapter('a')])).toThrow(
      'Two connections are registered as "a"',
    );
  });

  it('answers an unknown vendor with an invalid_request naming the configured ones', () => {
    const registry = new VendorRegistry([adapter('a')]);
    expect(() => registry.get('zzz')).toThrow(InvalidRequestError);
    expect(() => registry.get('zzz')).toThrow('configured: a');
  });
});
