import type { Collector } from './collector';
import type { ReconcileContext } from './context';
import type { Conflict, IdentityMember } from './types';

const list = (values: readonly string[]): string => values.join(', ');

function uniqueVendors(members: readonly IdentityMember[]): string[] {
  const connections: string[] = [];
  for (const member of members)
    if (!connections.includes(member.connection)) connections.push(member.connection);
  return connections.sort();
}

/**
 * The offboarding gap: someone still active in one system after being
 * deactivated or deleted in another. The message names the lagging accounts
 * so an operator can act without opening the evidence.
 */
export function statusMismatch(members: readonly IdentityMember[]): Conflict | null {
  let anyActive = false;
  let anyGone = false;
  for (const member of members) {
    if (member.status === 'active') anyActive = true;
    else anyGone = true;
  }
  // Checked before building lists: nearly every identity has no gap.
  if (!anyActive || !anyGone) return null;
  const active = members.filter((member) => member.status === 'active');
  const inactive = members.filter((member) => member.status === 'inactive');
  const deleted = members.filter((member) => member.status === 'deleted');
  if (active.length === 0 || inactive.length + deleted.length === 0) return null;
  const gaps: string[] = [];
  for (const [word, group] of [
    ['inactive', inactive],
    ['deleted', deleted],
  ] as const) {
    if (group.length === 0) continue;
    gaps.push(`${word} at ${list(uniqueVendors(group))} (${list(group.map((m) => m.id))})`);
  }
  return {
    type: 'status_mismatch',
    severity: 'high',
    message: `active at ${list(uniqueVendors(active))} but ${gaps.join(' and ')}`,
    evidence: {
      active: active.map((m) => m.id),
      inactive: inactive.map((m) => m.id),
      deleted: deleted.map((m) => m.id),
    },
  };
}

export function roleMismatch(members: readonly IdentityMember[]): Conflict | null {
  if (members.every((member) => member.role === members[0].role)) return null;
  const roles: Record<string, { role: string; vendorRole: string | null }> = {};
  for (const member of members)
    roles[member.id] = { role: member.role, vendorRole: member.vendorRole };
  return {
    type: 'role_mismatch',
    severity: 'medium',
    message: `roles differ: ${list(members.map((m) => `${m.role} at ${m.id}`))}`,
    evidence: { roles },
  };
}

/** Compared in normalized form, so composition, case and spacing never count as a mismatch. */
export function nameMismatch(
  ctx: ReconcileContext,
  members: readonly IdentityMember[],
  from: number,
  to: number,
): Conflict | null {
  let distinct: string | null = null;
  let differs = false;
  for (let m = from; m < to; m++) {
    const name = ctx.accounts.name(ctx.identityMembers[m]);
    if (name === null) continue;
    if (distinct === null) distinct = name;
    else if (name !== distinct) differs = true;
  }
  if (!differs) return null;
  const names: Record<string, string> = {};
  const shown: string[] = [];
  for (const member of members) {
    if (member.displayName === null) continue;
    names[member.id] = member.displayName;
    shown.push(`"${member.displayName}" at ${member.id}`);
  }
  return {
    type: 'name_mismatch',
    severity: 'low',
    message: `display names differ: ${list(shown)}`,
    evidence: { names },
  };
}

/** Only connections read successfully count: absence in an unreadable one says nothing. */
export function missingIn(
  ctx: ReconcileContext,
  vendors: readonly string[],
  into: Collector<Conflict>,
): void {
  for (const vendor of ctx.comparableVendors) {
    if (!vendors.includes(vendor)) into.add(ctx.shared.missingIn(vendor));
  }
}

export function unmatchableConflict(member: IdentityMember): Conflict {
  return {
    type: 'unmatchable',
    severity: 'low',
    message: `${member.id} has no email, phone or external id to match on`,
    evidence: { account: member.id },
  };
}
