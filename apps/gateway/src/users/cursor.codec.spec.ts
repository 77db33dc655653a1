import { InvalidRequestError } from '@userbridge/errors';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor.codec';

describe('cursor codec', () => {
  it('round-trips a state', () => {
    const state = { query: queryFingerprint(['a']), offsets: { convirza: 50, desk: 0 } };
    expect(decodeCursor(encodeCursor(state))).toEqual(state);
  });

  it('fingerprints differ when filters differ', () => {
    expect(queryFingerprint([['a'], 'x@y.z'])).not.toBe(queryFingerprint([['a'], 'x@y.za']));
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['wrong version', Buffer.from(JSON.stringify({ v: 2, q: 'x', o: {} })).toString('base64url')],
    [
      'negative offset',
      Buffer.from(JSON.stringify({ v: 1, q: 'x', o: { desk: -1 } })).toString('base64url'),
    ],
    [
      'fractional offset',
      Buffer.from(JSON.stringify({ v: 1, q: 'x', o: { desk: 1.5 } })).toString('base64url'),
    ],
    [
      'bad vendor name',
      Buffer.from(JSON.stringify({ v: 1, q: 'x', o: { '../x': 1 } })).toString('base64url'),
    ],
    ['array offsets', Buffer.from(JSON.stringify({ v: 1, q: 'x', o: [1] })).toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
  ])('rejects %s', (_name, text) => {
    expect(() => decodeCursor(text)).toThrow(InvalidRequestError);
  });
});
