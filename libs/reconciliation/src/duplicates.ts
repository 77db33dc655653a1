import type { ReconcileContext } from './context';
import { MATCH_RULES } from './keys';
import type { Conflict, DuplicateCandidate, DuplicateReason } from './types';

/** Keeps one identity's evidence readable and its cost bounded when a key or name is very common. */
export const CANDIDATE_LIMIT = 20;

const SHARED_REASON: readonly DuplicateReason[] = [
  'shared_email_same_vendor',
  'shared_phone_same_vendor',
  'shared_external_id_same_vendor',
];

class Candidates {
  readonly list: DuplicateCandidate[] = [];
  truncated = false;
  private readonly byKey = new Map<string, DuplicateCandidate>();
  /** Identities already named, so "same name" is only reported where no key is shared. */
  readonly identities = new Set<number>();

  get full(): boolean {
    return this.list.length >= CANDIDATE_LIMIT;
  }

  /** Returns false once the cap refuses a new candidate. */
  add(
    ctx: ReconcileContext,
    identity: number,
    reason: DuplicateReason,
    value: string,
    account: string,
    via?: string,
  ): boolean {
    const key = `${reason}\u0000${value}\u0000${identity}\u0000${via ?? ''}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (!existing.accounts.includes(account)) existing.accounts.push(account);
      return true;
    }
    if (this.full) {
      this.truncated = true;
      return false;
    }
    const candidate: DuplicateCandidate = {
      identityId: ctx.identityId(identity),
      accounts: [account],
      reason,
      value,
    };
    if (via !== undefined) candidate.account = via;
    this.byKey.set(key, candidate);
    this.list.push(candidate);
    this.identities.add(identity);
    return true;
  }
}

/** (b) Two accounts of one vendor joined through other keys: one of them is probably stale. */
function sameVendorInIdentity(ctx: ReconcileContext, identity: number, found: Candidates): void {
  const from = ctx.identityStart[identity];
  const to = ctx.identityStart[identity + 1];
  if (to - from < 2) return;
  const perVendor = new Int32Array(ctx.vendorNames.length);
  for (let m = from; m < to; m++) perVendor[ctx.vendorOf[ctx.identityMembers[m]]]++;
  for (let m = from; m < to; m++) {
    const account = ctx.identityMembers[m];
    if (perVendor[ctx.vendorOf[account]] < 2) continue;
    const accounts = ctx.accounts;
    found.add(
      ctx,
      identity,
      'same_vendor_in_identity',
      accounts.connection(account),
      accounts.id(account),
    );
  }
}

/** (a) A key value that one vendor holds twice: it linked nothing, so show who else holds it. */
function sharedSameVendorKeys(ctx: ReconcileContext, identity: number, found: Candidates): void {
  const from = ctx.identityStart[identity];
  const to = ctx.identityStart[identity + 1];
  for (let m = from; m < to; m++) {
    const account = ctx.identityMembers[m];
    const ambiguousBy = ctx.links.ambiguousBy[account];
    if (ambiguousBy === 0) continue;
    const self = ctx.accounts.id(account);
    for (let rule = 0; rule < MATCH_RULES.length; rule++) {
      if ((ambiguousBy & (1 << rule)) === 0) continue;
      const index = ctx.links.indexes[rule];
      const group = index.groupOf[account];
      const value = index.values[group];
      for (let k = index.start[group]; k < index.start[group + 1]; k++) {
        const other = index.members[k];
        if (other === account) continue;
        const accepted = found.add(
          ctx,
          ctx.identityOf[other],
          SHARED_REASON[rule],
          value,
          ctx.accounts.id(other),
          self,
        );
        if (!accepted) return;
      }
    }
  }
}

/** (c) Same full name in another identity with no key in common: maybe one person, maybe two. */
function sameName(ctx: ReconcileContext, identity: number, found: Candidates): void {
  const index = ctx.sameName;
  const group = index.groupOf[identity];
  if (group < 0 || index.start[group + 1] - index.start[group] < 2) return;
  const value = index.values[group];
  for (let k = index.start[group]; k < index.start[group + 1]; k++) {
    const other = index.members[k];
    if (other === identity || found.identities.has(other)) continue;
    if (found.full) {
      found.truncated = true;
      return;
    }
    for (let m = ctx.identityStart[other]; m < ctx.identityStart[other + 1]; m++) {
      found.add(ctx, other, 'same_name', value, ctx.accounts.id(ctx.identityMembers[m]));
    }
  }
}

function describe(candidate: DuplicateCandidate): string {
  const accounts = candidate.accounts.join(', ');
  switch (candidate.reason) {
    case 'same_vendor_in_identity':
      return `several ${candidate.value} accounts in this identity (${accounts})`;
    case 'same_name':
      return `same name "${candidate.value}" as ${candidate.identityId} (${accounts})`;
    default: {
      const rule = candidate.reason
        .slice('shared_'.length, -'_same_vendor'.length)
        .replace('_', ' ');
      return `${rule} ${candidate.value} also held by ${accounts}, in the same vendor, so it links nothing`;
    }
  }
}

const SHOWN_IN_MESSAGE = 3;

export function possibleDuplicate(ctx: ReconcileContext, identity: number): Conflict | null {
  let hasAmbiguous = false;
  for (let m = ctx.identityStart[identity]; m < ctx.identityStart[identity + 1]; m++) {
    if (ctx.links.ambiguousBy[ctx.identityMembers[m]] !== 0) hasAmbiguous = true;
  }
  const nameGroup = ctx.sameName.groupOf[identity];
  const hasNamesake =
    nameGroup >= 0 && ctx.sameName.start[nameGroup + 1] - ctx.sameName.start[nameGroup] > 1;
  const size = ctx.identityStart[identity + 1] - ctx.identityStart[identity];
  // Most identities have none of the three causes: leave before allocating anything.
  if (!hasAmbiguous && !hasNamesake && size < 2) return null;

  const found = new Candidates();
  sameVendorInIdentity(ctx, identity, found);
  if (hasAmbiguous) sharedSameVendorKeys(ctx, identity, found);
  if (hasNamesake) sameName(ctx, identity, found);
  if (found.list.length === 0) return null;

  for (const candidate of found.list) candidate.accounts.sort();
  const parts = ['possible duplicate: '];
  for (let i = 0; i < found.list.length && i < SHOWN_IN_MESSAGE; i++) {
    if (i > 0) parts.push('; ');
    parts.push(describe(found.list[i]));
  }
  const more = found.list.length - SHOWN_IN_MESSAGE;
  if (more > 0) parts.push(`; and ${more} more`);
  if (found.truncated) parts.push(` (first ${CANDIDATE_LIMIT} candidates only)`);
  return {
    type: 'possible_duplicate',
    severity: 'medium',
    // join() yields one flat string; chained + would keep a tree of fragments alive per message.
    message: parts.join(''),
    evidence: { candidates: found.list, limit: CANDIDATE_LIMIT, truncated: found.truncated },
  };
}
