/**
 * Disjoint sets over account indexes 0..n-1. Typed arrays instead of objects
 * keep 300k accounts at a few megabytes and out of the garbage collector's way.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    this.rank = new Uint8Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(index: number): number {
    const parent = this.parent;
    let node = index;
    // Path halving: near-constant amortized cost without recursion.
    while (parent[node] !== node) {
      const grand = parent[parent[node]];
      parent[node] = grand;
      node = grand;
    }
    return node;
  }

  union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if (this.rank[rootA] < this.rank[rootB]) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    if (this.rank[rootA] === this.rank[rootB]) this.rank[rootA]++;
  }
}
