import { UnionFind } from './union-find';

describe('UnionFind', () => {
  it('joins transitively and keeps others apart', () => {
    const uf = new UnionFind(5);
    uf.union(0, 1);
    uf.union(1, 2);
    uf.union(2, 0);
    expect(uf.find(0)).toBe(uf.find(2));
    expect(uf.find(3)).not.toBe(uf.find(0));
    expect(uf.find(4)).toBe(4);
  });

  it('handles long chains without recursion', () => {
    const size = 200_000;
    const uf = new UnionFind(size);
    for (let i = 1; i < size; i++) uf.union(i - 1, i);
    expect(uf.find(size - 1)).toBe(uf.find(0));
  });
});
