import { DomainError } from '@userbridge/errors';
import { VendorAdapter } from '@userbridge/vendor-core';
import type { DeletionPolicy } from '../directory.port';

/** Gets by id in flight at once while confirming absences: gentle on a vendor, quick enough for 1 000. */
const CONFIRM_CONCURRENCY = 4;

export type AbsenceVerdict = 'gone' | 'present' | 'unconfirmed';

export interface AbsenceResult {
  id: string;
  vendorId: string;
  verdict: AbsenceVerdict;
  /** Why a get could not confirm (the domain error's code), null otherwise. */
  errorCode: string | null;
}

/**
 * The mass-deletion guard: a run that would call more than `guardRatio` of
 * the vendor's stored users and more than `guardMin` users absent deletes
 * nobody. An empty list from a re-scoped key, a vendor bug or a short page
 * looks exactly like this; a real mass departure is rare enough to wait for
 * an operator.
 */
export function guardHolds(absent: number, stored: number, policy: DeletionPolicy): boolean {
  return absent > policy.guardRatio * stored && absent > policy.guardMin;
}

/**
 * Asks the vendor for one user the list did not show. Only a not-found
 * confirms the absence: a user found (paging shifted it out of the read, or
 * the list hid it) or any failure (timeout, 5xx, refusal) leaves the user.
 */
export async function confirmAbsence(
  adapter: VendorAdapter,
  user: { id: string; vendorId: string },
): Promise<AbsenceResult> {
  try {
    await adapter.get(user.vendorId);
    return { ...user, verdict: 'present', errorCode: null };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found')
      return { ...user, verdict: 'gone', errorCode: null };
    const code = error instanceof DomainError ? error.code : 'internal_error';
    return { ...user, verdict: 'unconfirmed', errorCode: code };
  }
}

/**
 * Confirms each absence with a get by id, a few at a time, in order.
 * `checkpoint` runs after every batch (a run renews its lease there; a throw
 * stops the confirmations).
 */
export async function confirmAbsences(
  adapter: VendorAdapter,
  users: readonly { id: string; vendorId: string }[],
  checkpoint: () => Promise<void> = async () => undefined,
): Promise<AbsenceResult[]> {
  const results: AbsenceResult[] = [];
  for (let start = 0; start < users.length; start += CONFIRM_CONCURRENCY) {
    const batch = users.slice(start, start + CONFIRM_CONCURRENCY);
    results.push(...(await Promise.all(batch.map((user) => confirmAbsence(adapter, user)))));
    await checkpoint();
  }
  return results;
}
