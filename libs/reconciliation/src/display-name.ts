import type { Collector } from './collector';

/**
 * The account whose display name represents an identity: the most common
 * normalized name among members; on a tie, the one held by the smallest id.
 * Members arrive in ascending id order, so "first seen" is "smallest id".
 * `names` holds the members' normalized names, in member order.
 */
export function chooseNameAccount(
  names: Collector<string | null>,
  members: Int32Array,
  from: number,
  to: number,
): number {
  let best = -1;
  let bestCount = 0;
  if (to - from <= 8) {
    // Small identities (nearly all): a quadratic count over a handful beats a Map.
    for (let a = from; a < to; a++) {
      const name = names.at(a - from);
      if (name === null) continue;
      let count = 0;
      for (let b = from; b < to; b++) if (names.at(b - from) === name) count++;
      if (count > bestCount) {
        bestCount = count;
        best = members[a];
      }
    }
    return best;
  }
  const counts = new Map<string, number>();
  const firstHolder = new Map<string, number>();
  for (let a = from; a < to; a++) {
    const name = names.at(a - from);
    if (name === null) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (!firstHolder.has(name)) firstHolder.set(name, members[a]);
  }
  for (const [name, count] of counts) {
    const holder = firstHolder.get(name) as number;
    if (count > bestCount || (count === bestCount && holder < best)) {
      bestCount = count;
      best = holder;
    }
  }
  return best;
}
