import type { KeyGroups } from './account-table';

/**
 * All accounts holding each distinct value of one match key, as a compact
 * grouped list (offsets + members) built by a hash join and a counting sort:
 * linear time, and no array per key value.
 */
export interface KeyIndex {
  /** Distinct key values, by group number; '' for a value only one holder has (see indexKeyGroups). */
  readonly values: string[];
  /** Group number of each account, -1 when the account has no such key. */
  readonly groupOf: Int32Array;
  /** Members of group g are members[start[g] .. start[g + 1]), in ascending account index. */
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** 1 when two or more holders of the value are in the same vendor. */
  readonly ambiguous: Uint8Array;
}

export function groupSize(index: KeyIndex, group: number): number {
  return index.start[group + 1] - index.start[group];
}

/**
 * @param keys one key (or null) per account
 * @param vendorOf vendor number per account; null when ambiguity does not apply
 * @param vendorCount number of distinct vendors
 */
export function buildKeyIndex(
  keys: readonly (string | null)[],
  vendorOf: Int32Array | null,
  vendorCount: number,
): KeyIndex {
  const size = keys.length;
  const groupOf = new Int32Array(size).fill(-1);
  const byValue = new Map<string, number>();
  const values: string[] = [];
  for (let i = 0; i < size; i++) {
    const key = keys[i];
    if (key === null) continue;
    let group = byValue.get(key);
    if (group === undefined) {
      group = values.length;
      values.push(key);
      byValue.set(key, group);
    }
    groupOf[i] = group;
  }
  return indexKeyGroups({ values, groupOf }, vendorOf, vendorCount);
}

/**
 * The index of accounts already numbered by key group (see AccountTable).
 * @param vendorOf vendor number per account; null when ambiguity does not apply
 * @param vendorCount number of distinct vendors
 */
export function indexKeyGroups(
  { values, groupOf }: KeyGroups,
  vendorOf: Int32Array | null,
  vendorCount: number,
): KeyIndex {
  const size = groupOf.length;
  const groups = values.length;
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < size; i++) if (groupOf[i] >= 0) start[groupOf[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const cursor = start.slice(0, groups);
  const members = new Int32Array(start[groups]);
  for (let i = 0; i < size; i++) {
    const group = groupOf[i];
    if (group >= 0) members[cursor[group]++] = i;
  }
  // A value held once links nothing and is never shown (only its group's
  // size is read): its string is let go rather than held for the whole run.
  for (let g = 0; g < groups; g++) if (start[g + 1] - start[g] === 1) values[g] = '';

  // Stamping each vendor with the group last seen there finds same-vendor
  // holders in one pass per group, without a set per group.
  const ambiguous = new Uint8Array(groups);
  if (vendorOf === null) return { values, groupOf, start, members, ambiguous };
  const seenIn = new Int32Array(vendorCount).fill(-1);
  for (let g = 0; g < groups; g++) {
    const from = start[g];
    const to = start[g + 1];
    if (to - from < 2) continue;
    for (let k = from; k < to; k++) {
      const vendor = vendorOf[members[k]];
      if (seenIn[vendor] === g) {
        ambiguous[g] = 1;
        break;
      }
      seenIn[vendor] = g;
    }
  }
  return { values, groupOf, start, members, ambiguous };
}
