import { InvalidRequestError } from '@userbridge/errors';
import {
  cursorField,
  cursorKind,
  defineCursor,
  INT4_MAX,
  InvalidCursorError,
  queryFingerprint,
} from './cursor';

const pages = defineCursor({
  kind: 'test.pages',
  version: 2,
  position: { run: cursorField.integer({ min: 1 }), after: cursorField.integer({ max: INT4_MAX }) },
});
const names = defineCursor({
  kind: 'test.names',
  version: 1,
  position: { after: cursorField.text({ maxLength: 20 }) },
});
const offsets = defineCursor({
  kind: 'test.offsets',
  version: 1,
  position: { o: cursorField.integerMap({ key: /^[a-z]+$/ }) },
});

/** A cursor as a forger would write it. */
function forge(envelope: unknown): string {
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url');
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCursorError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidCursorError).problem;
  }
  throw new Error('no error');
}

describe('defineCursor', () => {
  it('round-trips a position under the same query, as opaque base64url', () => {
    const text = pages.encode({ run: 7, after: 50 }, ['a', null]);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(pages.decode(text, ['a', null])).toEqual({ run: 7, after: 50 });
    expect(pages.owns(text)).toBe(true);
    expect(names.owns(text)).toBe(false);
    expect(cursorKind(text)).toBe('test.pages');
    expect(cursorKind('garbage!')).toBeNull();
  });

  it('pages rows read with one more than the limit, the cursor after the last row shown', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const more = names.page(rows, 2, ['q'], (last) => ({ after: last.id }));
    expect(more.rows).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(names.decode(more.nextCursor as string, ['q'])).toEqual({ after: 'b' });
    expect(names.page(rows, 3, ['q'], (last) => ({ after: last.id }))).toEqual({
      rows,
      nextCursor: null,
    });
    expect(names.page([], 3, ['q'], (last: { id: string }) => ({ after: last.id }))).toEqual({
      rows: [],
      nextCursor: null,
    });
  });

  it('refuses a cursor used with another query', () => {
    const text = names.encode({ after: 'x' }, { status: 'active' });
    expect(problemOf(() => names.decode(text, { status: 'inactive' }))).toBe('query');
    // Key order does not change the fingerprint.
    expect(queryFingerprint({ a: 1, b: [2] })).toBe(queryFingerprint({ b: [2], a: 1 }));
  });

  it('refuses a cursor of another listing or version', () => {
    expect(problemOf(() => names.decode(pages.encode({ run: 1, after: 0 }, []), []))).toBe('kind');
    expect(
      problemOf(() =>
        pages.decode(forge({ k: 'test.pages', v: 1, f: queryFingerprint([]), p: {} }), []),
      ),
    ).toBe('version');
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON null', forge(null)],
    ['an array', forge([1])],
    ['no kind', forge({ v: 2, f: 'x', p: {} })],
    ['too long', 'A'.repeat(5000)],
  ])('refuses %s as malformed', (_name, text) => {
    expect(problemOf(() => pages.decode(text, []))).toBe('malformed');
  });

  const f = queryFingerprint([]);
  it.each([
    ['a missing field', pages, { run: 1 }],
    ['an extra field', pages, { run: 1, after: 2, x: 1 }],
    ['a negative integer', pages, { run: 1, after: -1 }],
    ['a fraction', pages, { run: 1, after: 1.5 }],
    ['an integer beyond the column', pages, { run: 1, after: INT4_MAX + 1 }],
    ['a number as text', pages, { run: '1', after: 2 }],
    ['an unsafe integer', pages, { run: 2 ** 60, after: 2 }],
    ['a NUL byte in text', names, { after: 'a\u0000b' }],
    ['an empty text', names, { after: '' }],
    ['a text too long', names, { after: 'x'.repeat(21) }],
    ['a bad map key', offsets, { o: { '../x': 1 } }],
    ['a bad map value', offsets, { o: { desk: -1 } }],
    ['an array for a map', offsets, { o: [1] }],
    ['no position', names, null],
  ])('refuses %s in the position', (_name, codec, p) => {
    const text = forge({ k: codec.kind, v: codec === pages ? 2 : 1, f, p });
    expect(problemOf(() => codec.decode(text, []))).toBe('position');
  });

  it('says what is wrong in a 400 naming the parameter', () => {
    const codec = defineCursor({
      kind: 'test.after',
      version: 1,
      field: 'after',
      position: { s: cursorField.integer() },
    });
    try {
      codec.decode(codec.encode({ s: 1 }, ['x']), ['y']);
      throw new Error('no error');
    } catch (error) {
      const invalid = error as InvalidCursorError;
      expect(invalid.code).toBe('invalid_request');
      expect(invalid.message).toBe(
        'after was issued for other filters: repeat the filters of the first page',
      );
      expect(invalid.details).toEqual({
        fields: [{ field: 'after', message: 'issued for other filters' }],
      });
    }
  });
});
