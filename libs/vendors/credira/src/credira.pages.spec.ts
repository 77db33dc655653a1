import { pagesFor } from './credira.pages';

describe('pagesFor', () => {
  it.each([
    [0, 100, [1], 0],
    [0, 101, [1, 2], 0],
    [99, 2, [1, 2], 99],
    [100, 100, [2], 0],
    [150, 200, [2, 3, 4], 50],
    [250, 200, [3, 4, 5], 50],
    [1234, 7, [13], 34],
  ])('offset %p, limit %p -> pages %p, skip %p', (offset, limit, pages, skip) => {
    expect(pagesFor(offset, limit)).toEqual({ pages, pageSize: 100, skip });
  });

  it.each([
    [0, 50, 1, 50],
    [99, 1, 100, 1],
    [60, 20, 4, 20],
  ])(
    'an aligned window (offset %p, limit %p) is one page of its own size',
    (offset, limit, page, size) => {
      expect(pagesFor(offset, limit)).toEqual({ pages: [page], pageSize: size, skip: 0 });
    },
  );

  it('follows a smaller page size', () => {
    expect(pagesFor(25, 10, 20)).toEqual({ pages: [2], pageSize: 20, skip: 5 });
    expect(pagesFor(35, 10, 20)).toEqual({ pages: [2, 3], pageSize: 20, skip: 15 });
  });

  it('asks for nothing when nothing is wanted', () => {
    expect(pagesFor(0, 0).pages).toEqual([]);
  });

  it.each([
    [-1, 10],
    [1.5, 10],
  ])('refuses offset %p', (offset, limit) => {
    expect(() => pagesFor(offset, limit)).toThrow(RangeError);
  });
});
