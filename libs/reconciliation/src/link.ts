import type { KeyGroups } from './account-table';
import { indexKeyGroups, KeyIndex } from './key-index';
import { UnionFind } from './union-find';

export interface Links {
  uf: UnionFind;
  /** Per rule, in MATCH_RULES order. */
  indexes: KeyIndex[];
  /** Bit r set when the account was linked by rule r. */
  linkedBy: Uint8Array;
  /** Bit r set when the account holds an ambiguous (same-vendor shared) value of rule r. */
  ambiguousBy: Uint8Array;
}

/**
 * Links accounts that share a key value across vendors. A value held twice in
 * one vendor links nothing: the vendor itself says it is not an identity key
 * there (e.g. a shared team mailbox), so any link through it would be a guess.
 */
export function linkAccounts(
  keysByRule: readonly KeyGroups[],
  vendorOf: Int32Array,
  vendorCount: number,
): Links {
  const size = vendorOf.length;
  const uf = new UnionFind(size);
  const linkedBy = new Uint8Array(size);
  const ambiguousBy = new Uint8Array(size);
  const indexes: KeyIndex[] = [];
  for (let rule = 0; rule < keysByRule.length; rule++) {
    const index = indexKeyGroups(keysByRule[rule], vendorOf, vendorCount);
    indexes.push(index);
    const bit = 1 << rule;
    const groups = index.values.length;
    for (let g = 0; g < groups; g++) {
      const from = index.start[g];
      const to = index.start[g + 1];
      if (to - from < 2) continue;
      if (index.ambiguous[g] === 1) {
        for (let k = from; k < to; k++) ambiguousBy[index.members[k]] |= bit;
        continue;
      }
      const first = index.members[from];
      linkedBy[first] |= bit;
      for (let k = from + 1; k < to; k++) {
        const other = index.members[k];
        linkedBy[other] |= bit;
        uf.union(first, other);
      }
    }
  }
  return { uf, indexes, linkedBy, ambiguousBy };
}
