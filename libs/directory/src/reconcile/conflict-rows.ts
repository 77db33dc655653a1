import type { Conflict, Identity } from '@userbridge/reconciliation';

/** `<type>|<smallest member id>`: survives a run as long as the identity keeps its first account. */
export function conflictKey(identity: Identity, conflict: Conflict): string {
  return `${conflict.type}|${identity.members[0]?.id ?? identity.id}`;
}

const vendorOfId = (id: string): string => id.slice(0, id.indexOf(':'));

function idsIn(evidence: Record<string, unknown>, field: string): string[] {
  const value = evidence[field];
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** `active>inactive` vendor pairs of an offboarding gap (status_mismatch), for "oldest gap per pair". */
export function vendorPairs(conflict: Conflict): string[] {
  if (conflict.type !== 'status_mismatch') return [];
  const active = new Set(idsIn(conflict.evidence, 'active').map(vendorOfId));
  const gone = new Set(
    [...idsIn(conflict.evidence, 'inactive'), ...idsIn(conflict.evidence, 'deleted')].map(
      vendorOfId,
    ),
  );
  const pairs: string[] = [];
  for (const a of [...active].sort())
    for (const g of [...gone].sort()) if (a !== g) pairs.push(`${a}>${g}`);
  return pairs;
}
