import { normalizeScimPaging } from './paging';
import { ScimError } from './scim.error';

const limits = { defaultCount: 100, maxCount: 200 };

describe('normalizeScimPaging', () => {
  it.each<[unknown, unknown, number, number]>([
    [undefined, undefined, 1, 100],
    ['1', '10', 1, 10],
    [5, 20, 5, 20],
    ['0', '10', 1, 10],
    ['-3', '10', 1, 10],
    ['2', '0', 2, 0],
    ['2', '-5', 2, 0],
    ['1', '1000', 1, 200],
    ['', '', 1, 100],
    [' 7 ', '+3', 7, 3],
  ])('startIndex %p, count %p → %i, %i', (startIndex, count, start, size) => {
    expect(normalizeScimPaging({ startIndex, count }, limits)).toEqual({
      startIndex: start,
      count: size,
    });
  });

  it('caps the default at the maximum', () => {
    expect(normalizeScimPaging({}, { defaultCount: 500, maxCount: 50 }).count).toBe(50);
  });

  it.each(['abc', '1.5', '1e3', '99999999999999999999', 'NaN'])('refuses %p', (value) => {
    for (const query of [{ startIndex: value }, { count: value }]) {
      const run = () => normalizeScimPaging(query, limits);
      expect(run).toThrow(ScimError);
      try {
        run();
      } catch (error) {
        expect((error as ScimError).scimType).toBe('invalidValue');
        expect((error as ScimError).status).toBe(400);
      }
    }
  });
});
