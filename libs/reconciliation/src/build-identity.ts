import {
  nameMismatch,
  missingIn,
  roleMismatch,
  statusMismatch,
  unmatchableConflict,
} from './conflicts';
import type { ReconcileContext } from './context';
import { possibleDuplicate } from './duplicates';
import { emailKey } from './keys';
import { identityConfidence, matchReasons } from './match-reasons';
import type { Conflict, Identity, IdentityMember, Severity } from './types';
import { SEVERITY_RANK } from './types';

/**
 * Sorted, de-duplicated, and copied to an exactly sized array: arrays grown by
 * push keep spare capacity, which over 100k+ identities is tens of megabytes.
 */
function sortedUnique(values: string[]): string[] {
  if (values.length === 0) return [];
  if (values.length === 1) return [values[0]];
  values.sort();
  let kept = 1;
  for (let i = 1; i < values.length; i++)
    if (values[i] !== values[kept - 1]) values[kept++] = values[i];
  values.length = kept;
  return values.slice();
}

function highest(conflicts: readonly Conflict[]): Severity | null {
  let best: Severity | null = null;
  for (const conflict of conflicts) {
    if (best === null || SEVERITY_RANK[conflict.severity] > SEVERITY_RANK[best])
      best = conflict.severity;
  }
  return best;
}

function member(ctx: ReconcileContext, account: number): IdentityMember {
  const user = ctx.accounts[account];
  return {
    id: user.id,
    vendor: user.vendor,
    vendorId: user.vendorId,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    role: user.role,
    vendorRole: user.vendorRole,
    linkedBy: ctx.shared.rules(ctx.links.linkedBy[account]),
  };
}

/** Assembles one identity; conflict order is fixed so reports diff cleanly between runs. */
export function buildIdentity(ctx: ReconcileContext, identity: number): Identity {
  const from = ctx.identityStart[identity];
  const to = ctx.identityStart[identity + 1];
  const members = new Array<IdentityMember>(to - from);
  let emails: string[];
  let vendors: string[];
  if (to - from === 1) {
    // Most identities are one account: skip the scratch lists.
    const account = ctx.identityMembers[from];
    const user = ctx.accounts[account];
    members[0] = member(ctx, account);
    const email = emailKey(user.email);
    emails = email === null ? [] : [email];
    vendors = ctx.shared.vendors([user.vendor]);
  } else {
    const emailList: string[] = [];
    const vendorList: string[] = [];
    for (let m = from; m < to; m++) {
      const account = ctx.identityMembers[m];
      const user = ctx.accounts[account];
      members[m - from] = member(ctx, account);
      const email = emailKey(user.email);
      if (email !== null) emailList.push(email);
      vendorList.push(user.vendor);
    }
    emails = sortedUnique(emailList);
    vendors = ctx.shared.vendors(sortedUnique(vendorList));
  }

  const reasons = matchReasons(ctx, identity);
  const conflicts: Conflict[] = [];
  if (members.length > 1) {
    const status = statusMismatch(members);
    if (status !== null) conflicts.push(status);
    const role = roleMismatch(members);
    if (role !== null) conflicts.push(role);
    const name = nameMismatch(ctx, members, from, to);
    if (name !== null) conflicts.push(name);
  }
  const duplicate = possibleDuplicate(ctx, identity);
  if (duplicate !== null) conflicts.push(duplicate);
  // A keyless account could never have been matched, so "missing" would be noise.
  const unmatchable = members.length === 1 && ctx.unmatchable[ctx.identityMembers[from]] === 1;
  if (unmatchable) conflicts.push(unmatchableConflict(members[0]));
  else missingIn(ctx, vendors, conflicts);

  const nameHolder = ctx.nameAccount[identity];
  return {
    id: ctx.identityIds[identity],
    displayName: nameHolder < 0 ? null : ctx.accounts[nameHolder].displayName,
    emails,
    vendors,
    members,
    matchReasons: reasons.length === 0 ? ctx.shared.empty : reasons,
    confidence: identityConfidence(reasons),
    // Exactly sized: arrays grown by push keep spare capacity.
    conflicts: conflicts.length === 0 ? ctx.shared.empty : conflicts.slice(),
    highestSeverity: highest(conflicts),
  };
}
