import { InvalidRequestError } from '@userbridge/errors';
import { decodeStoreCursor, encodeStoreCursor, isStoreCursor } from './store-cursor';

describe('store cursors', () => {
  it('round-trips a payload under its kind', () => {
    const cursor = encodeStoreCursor('r', { r: 17, a: 50, q: 'abc' });
    expect(cursor.startsWith('r.')).toBe(true);
    expect(isStoreCursor('r', cursor)).toBe(true);
    expect(isStoreCursor('s', cursor)).toBe(false);
    expect(decodeStoreCursor('r', cursor)).toEqual({ v: 1, r: 17, a: 50, q: 'abc' });
  });

  it.each([
    ['another kind', encodeStoreCursor('s', { a: 'x' })],
    ['not base64url', 'r.@@@'],
    ['not JSON', `r.${Buffer.from('nope').toString('base64url')}`],
    ['no version', `r.${Buffer.from('{"r":1}').toString('base64url')}`],
    ['a live cursor', Buffer.from('{"v":1}').toString('base64url')],
    ['empty', 'r.'],
  ])('refuses %s with a 400', (_case, text) => {
    expect(() => decodeStoreCursor('r', text)).toThrow(InvalidRequestError);
  });
});
