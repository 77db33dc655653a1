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
});
