import { prefersOverJson } from './accept';

describe('prefersOverJson', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['text/csv', true],
    ['Text/CSV; charset=utf-8', true],
    ['text/csv, application/json', true],
    ['application/json, text/csv', false],
    ['application/json;q=0.1, text/csv', false],
    ['text/html, text/csv;q=0.9', true],
  ])('Accept %p asks for text/csv: %p', (accept, expected) => {
    expect(prefersOverJson(accept, 'text/csv')).toBe(expected);
  });
});
