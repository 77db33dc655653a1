import {
  nameMismatch,
  missingIn,
  roleMismatch,
  statusMismatch,
  unmatchableConflict,
} from './conflicts';
import type { ReconcileContext } from './context';
import { confusableEmail } from './confusables';
import { possibleDuplicate } from './duplicates';
import type { Collector } from './collector';
import { emailKey } from './keys';
import { identityConfidence, matchReasons } from './match-reasons';
import type { Conflict, Identity, IdentityMember, Severity } from './types';
import { SEVERITY_RANK } from './types';

/** Vendor sets fit a 31-bit mask up to this many vendors; beyond, lists are built per identity. */
const MASKABLE_VENDORS = 31;

function vendorsOf(ctx: ReconcileContext, from: number, to: number): string[] {
  const vendors: string[] = [];
  for (let m = from; m < to; m++) {
    const vendor = ctx.accounts.connection(ctx.identityMembers[m]);
    if (!vendors.includes(vendor)) vendors.push(vendor);
  }
  return vendors.sort().slice();
}

/**
 * The vendor kinds of an identity's members. Where every connection is named
 * after its vendor (the environment set-up) they are the connections, shared.
 */
function kindsOf(members: readonly IdentityMember[], connections: string[]): string[] {
  let same = true;
  for (const m of members) if (m.vendor !== m.connection) same = false;
  if (same) return connections;
  const kinds: string[] = [];
  for (const m of members) if (!kinds.includes(m.vendor)) kinds.push(m.vendor);
  return kinds.sort();
}

/** Sorted, de-duplicated and exactly sized (see Collector for why). */
function sortedUniqueEmails(emailScratch: Collector<string>): string[] {
  const values = emailScratch.take();
  if (values.length < 2) return values;
  values.sort();
  let kept = 1;
  for (let i = 1; i < values.length; i++)
    if (values[i] !== values[kept - 1]) values[kept++] = values[i];
  return kept === values.length ? values : values.slice(0, kept);
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
  const accounts = ctx.accounts;
  return {
    id: accounts.id(account),
    connection: accounts.connection(account),
    vendor: accounts.vendor(account),
    vendorId: accounts.vendorId(account),
    email: accounts.email(account),
    displayName: accounts.displayName(account),
    status: accounts.status(account),
    role: accounts.role(account),
    vendorRole: accounts.vendorRole(account),
    linkedBy: ctx.shared.rules(ctx.links.linkedBy[account]),
  };
}

/** Assembles one identity; conflict order is fixed so reports diff cleanly between runs. */
export function buildIdentity(ctx: ReconcileContext, identity: number): Identity {
  const from = ctx.identityStart[identity];
  const to = ctx.identityStart[identity + 1];
  const members = new Array<IdentityMember>(to - from);
  let emails: string[];
  let vendorMask = 0;
  if (to - from === 1) {
    // Most identities are one account: skip the scratch lists.
    const account = ctx.identityMembers[from];
    members[0] = member(ctx, account);
    const email = emailKey(ctx.accounts.email(account));
    emails = email === null ? [] : [email];
    vendorMask = 1 << ctx.vendorOf[account];
  } else {
    const emailScratch = ctx.scratch.emails;
    emailScratch.clear();
    for (let m = from; m < to; m++) {
      const account = ctx.identityMembers[m];
      members[m - from] = member(ctx, account);
      const email = emailKey(ctx.accounts.email(account));
      if (email !== null) emailScratch.add(email);
      vendorMask |= 1 << ctx.vendorOf[account];
    }
    emails = sortedUniqueEmails(emailScratch);
  }
  const connections =
    ctx.vendorNames.length <= MASKABLE_VENDORS
      ? ctx.shared.vendors(vendorMask, ctx.vendorNames)
      : vendorsOf(ctx, from, to);

  const reasons = matchReasons(ctx, identity);
  const conflicts = ctx.scratch.conflicts;
  conflicts.clear();
  if (members.length > 1) {
    const status = statusMismatch(members);
    if (status !== null) conflicts.add(status);
    const role = roleMismatch(members);
    if (role !== null) conflicts.add(role);
    const name = nameMismatch(ctx, members, from, to);
    if (name !== null) conflicts.add(name);
  }
  const duplicate = possibleDuplicate(ctx, identity);
  if (duplicate !== null) conflicts.add(duplicate);
  const confusable = confusableEmail(ctx.lookalikes.get(identity));
  if (confusable !== null) conflicts.add(confusable);
  // A keyless account could never have been matched, so "missing" would be noise.
  const unmatchable = members.length === 1 && ctx.unmatchable[ctx.identityMembers[from]] === 1;
  if (unmatchable) conflicts.add(unmatchableConflict(members[0]));
  else missingIn(ctx, connections, conflicts);
  const kept = conflicts.size === 0 ? ctx.shared.empty : conflicts.take();

  const nameHolder = ctx.nameAccount[identity];
  return {
    id: ctx.identityId(identity),
    displayName: nameHolder < 0 ? null : ctx.accounts.displayName(nameHolder),
    emails,
    vendors: kindsOf(members, connections),
    connections,
    members,
    matchReasons: reasons.length === 0 ? ctx.shared.empty : reasons,
    confidence: identityConfidence(reasons),
    conflicts: kept,
    highestSeverity: highest(kept),
  };
}
