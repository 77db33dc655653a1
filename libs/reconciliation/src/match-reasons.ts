import type { ReconcileContext } from './context';
import { MATCH_RULES, RULE_CONFIDENCE } from './keys';
import { foldName } from './names';
import type { MatchReason } from './types';

const NAME_BONUS = 0.04;

/**
 * Names support a link but never make one: two different people may share a
 * name, while one person's accounts may spell it with or without diacritics.
 */
function namesAgree(ctx: ReconcileContext, members: Int32Array, from: number, to: number): boolean {
  const first = ctx.accounts.name(members[from]);
  if (first === null) return false;
  let equal = true;
  for (let k = from + 1; k < to; k++) {
    const name = ctx.accounts.name(members[k]);
    if (name === null) return false;
    if (name !== first) equal = false;
  }
  if (equal) return true;
  const folded = foldName(first);
  for (let k = from + 1; k < to; k++) {
    if (foldName(ctx.accounts.name(members[k]) as string) !== folded) return false;
  }
  return true;
}

/**
 * The key values that joined this identity's accounts. A linking group lies
 * wholly inside one identity, so it is reported once: by its first member.
 */
export function matchReasons(ctx: ReconcileContext, identity: number): MatchReason[] {
  const from = ctx.identityStart[identity];
  const to = ctx.identityStart[identity + 1];
  if (to - from < 2) return [];
  const reasons = ctx.scratch.reasons;
  reasons.clear();
  for (let rule = 0; rule < MATCH_RULES.length; rule++) {
    const bit = 1 << rule;
    const index = ctx.links.indexes[rule];
    for (let m = from; m < to; m++) {
      const account = ctx.identityMembers[m];
      if ((ctx.links.linkedBy[account] & bit) === 0) continue;
      const group = index.groupOf[account];
      const start = index.start[group];
      if (index.members[start] !== account) continue;
      const end = index.start[group + 1];
      const accounts = new Array<string>(end - start);
      for (let k = start; k < end; k++) accounts[k - start] = ctx.accounts.id(index.members[k]);
      reasons.add({
        rule: MATCH_RULES[rule],
        value: index.values[group],
        accounts,
        nameAgrees: namesAgree(ctx, index.members, start, end),
      });
    }
  }
  // Visited by rule, then by first member: the order only depends on the (sorted) accounts.
  return reasons.take();
}

export function reasonConfidence(reason: MatchReason): number {
  const base = RULE_CONFIDENCE[reason.rule];
  return Math.round((reason.nameAgrees ? base + NAME_BONUS : base) * 100) / 100;
}

/** An identity is only as certain as its weakest link; a lone account is certain. */
export function identityConfidence(reasons: readonly MatchReason[]): number {
  let confidence = 1;
  for (const reason of reasons) confidence = Math.min(confidence, reasonConfidence(reason));
  return confidence;
}
