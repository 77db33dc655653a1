import { emailKey } from './keys';
import type { Conflict, Identity, Severity } from './types';

export interface IdentityFilter {
  /** An exact conflict type; `missing_in` alone matches every `missing_in:<vendor>`. */
  conflict?: string;
  /** Has a member in this vendor (not: is missing there; use conflict=missing_in:<vendor>). */
  vendor?: string;
  /** Has a member in this connection. */
  connection?: string;
  /** Any member's email, compared normalized. */
  email?: string;
  /** Has at least one conflict of exactly this severity. */
  severity?: Severity;
}

const MISSING_IN = 'missing_in';

/** Whether one conflict meets the conflict-type and severity criteria (absent ones hold). */
export function conflictMatches(
  conflict: Conflict,
  filter: Pick<IdentityFilter, 'conflict' | 'severity'>,
): boolean {
  const type = filter.conflict;
  const typeOk =
    type === undefined ||
    (type === MISSING_IN ? conflict.type.startsWith(`${MISSING_IN}:`) : conflict.type === type);
  return typeOk && (filter.severity === undefined || conflict.severity === filter.severity);
}

function hasConflict(identity: Identity, type: string): boolean {
  if (type === MISSING_IN) {
    return identity.conflicts.some((conflict) => conflict.type.startsWith(`${MISSING_IN}:`));
  }
  return identity.conflicts.some((conflict) => conflict.type === type);
}

/** Every given criterion must hold; an absent one does not filter. Order is kept. */
export function filterIdentities(
  identities: readonly Identity[],
  filter: IdentityFilter,
): Identity[] {
  const email = filter.email === undefined ? undefined : emailKey(filter.email);
  return identities.filter(
    (identity) =>
      (filter.conflict === undefined || hasConflict(identity, filter.conflict)) &&
      (filter.vendor === undefined || identity.vendors.includes(filter.vendor)) &&
      (filter.connection === undefined || identity.connections.includes(filter.connection)) &&
      (email === undefined || (email !== null && identity.emails.includes(email))) &&
      (filter.severity === undefined ||
        identity.conflicts.some((conflict) => conflict.severity === filter.severity)),
  );
}
