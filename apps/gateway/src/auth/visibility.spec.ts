import { InvalidRequestError } from '@userbridge/errors';
import { VendorAdapter, VendorRegistry } from '@userbridge/vendor-core';
import { makeKeyEntry } from '../config/api-keys';
import { HiddenConnectionError, Visibility } from './visibility';

const KEY = 'a-key-of-16-chars-or-more';

describe('Visibility', () => {
  const limited = Visibility.of(makeKeyEntry(KEY, 'desk-only', ['read'], ['desk']));

  it('lets an unlimited key (or no key) see everything', () => {
    const all = Visibility.of(makeKeyEntry(KEY, 'all', ['read'], null));
    expect(all.limited).toBe(false);
    expect(all.names(['convirza', 'desk'])).toEqual(['convirza', 'desk']);
    expect(Visibility.of(undefined).canSee('anything')).toBe(true);
    expect(() => all.require('nosuch')).not.toThrow();
  });

  it('filters lists, records and ids to the connections of a limited key', () => {
    expect(limited.limited).toBe(true);
    expect(limited.names(['convirza', 'desk', 'credira'])).toEqual(['desk']);
    expect(limited.filter([{ c: 'desk' }, { c: 'credira' }], (item) => item.c)).toEqual([
      { c: 'desk' },
    ]);
    expect(limited.entries({ desk: 1, convirza: 2 })).toEqual({ desk: 1 });
    expect(limited.canSeeId('desk:9001')).toBe(true);
    expect(limited.canSeeId('convirza:50001')).toBe(false);
    expect(limited.canSeeId('not an id')).toBe(false);
  });

  it('answers a hidden connection and an unknown one with the same 404', () => {
    const messageOf = (name: string) => {
      try {
        limited.require(name);
      } catch (error) {
        expect(error).toBeInstanceOf(HiddenConnectionError);
        return (error as Error).message.replace(name, '<name>');
      }
      throw new Error('expected a 404');
    };
    expect(messageOf('convirza')).toBe(messageOf('nosuch'));
    expect(() => limited.require('desk')).not.toThrow();
  });

  describe('select (the ?vendor= kinds and ?connection= names of a request)', () => {
    // Two desk tenants and a Credira account; select looks at names and kinds only.
    const registry = new VendorRegistry(
      [
        { name: 'desk', vendor: 'desk' },
        { name: 'desk-eu', vendor: 'desk' },
        { name: 'credira', vendor: 'credira' },
      ].map((adapter) => adapter as unknown as VendorAdapter),
    );
    const eu = Visibility.of(makeKeyEntry(KEY, 'eu', ['read'], ['desk-eu', 'credira']));

    it('leaves an unlimited key without filters unfiltered, and selects by kind and by name', () => {
      expect(Visibility.ALL.select(registry)).toBeUndefined();
      expect(Visibility.ALL.select(registry, ['desk'])).toEqual(['desk', 'desk-eu']);
      expect(Visibility.ALL.select(registry, undefined, ['desk-eu'])).toEqual(['desk-eu']);
      expect(Visibility.ALL.select(registry, ['desk'], ['credira'])).toEqual([]);
      expect(() => Visibility.ALL.select(registry, ['nosuch'])).toThrow(InvalidRequestError);
      expect(() => Visibility.ALL.select(registry, undefined, ['nosuch'])).toThrow(
        InvalidRequestError,
      );
    });

    it('gives a limited key its own connections only, with or without filters', () => {
      expect(eu.select(registry)).toEqual(['desk-eu', 'credira']);
      expect(eu.select(registry, ['desk'])).toEqual(['desk-eu']);
      expect(eu.select(registry, undefined, ['credira'])).toEqual(['credira']);
    });

    it('answers a limited key the same 404 for hidden and unknown connections and kinds', () => {
      const messageOf = (vendors?: string[], connections?: string[]) => {
        try {
          eu.select(registry, vendors, connections);
        } catch (error) {
          expect(error).toBeInstanceOf(HiddenConnectionError);
          return (error as Error).message;
        }
        throw new Error('expected a 404');
      };
      expect(messageOf(undefined, ['desk'])).toBe('Connection "desk" was not found');
      expect(messageOf(undefined, ['nosuch'])).toBe('Connection "nosuch" was not found');
      expect(messageOf(['nosuch'])).toBe('Vendor "nosuch" was not found');
      // A kind configured only in connections hidden from the key answers as an unknown one.
      const deskEuOnly = Visibility.of(makeKeyEntry(KEY, 'eu-desk', ['read'], ['desk-eu']));
      expect(() => deskEuOnly.select(registry, ['credira'])).toThrow(
        new HiddenConnectionError('Vendor "credira"'),
      );
    });
  });
});
