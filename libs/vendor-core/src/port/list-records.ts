import { DomainError } from '@userbridge/errors';
import { RejectedRecord, VendorUserRecord } from './user-record';
import { isPathSafeId } from './path-safe-id';

export interface ReadRecords {
  users: VendorUserRecord[];
  rejected: RejectedRecord[];
}

/**
 * Maps a page of raw list items one by one: an item the mapper refuses (a
 * DomainError: unexpected id, shape or value) is dropped and reported with its
 * stream position, and every other item is still listed. Anything else thrown
 * is a bug and propagates.
 *
 * @param rawIdOf the item's id as the vendor sent it, for the report; only a
 *   path-safe one is reported (it may end up in a later request path).
 */
export function readListRecords(
  items: readonly unknown[],
  firstPosition: number,
  parse: (item: unknown) => VendorUserRecord,
  rawIdOf: (item: unknown) => unknown,
): ReadRecords {
  const users: VendorUserRecord[] = [];
  const rejected: RejectedRecord[] = [];
  items.forEach((item, i) => {
    try {
      users.push(parse(item));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const raw = rawIdOf(item);
      const id = typeof raw === 'number' || typeof raw === 'string' ? String(raw) : null;
      rejected.push({
        vendorId: id !== null && isPathSafeId(id) ? id : null,
        reason: error.message,
        position: firstPosition + i,
      });
    }
  });
  return { users, rejected };
}

/** The `id`-like member of a raw item, when it is an object. */
export function rawMember(item: unknown, key: string): unknown {
  return item !== null && typeof item === 'object' && !Array.isArray(item)
    ? (item as Record<string, unknown>)[key]
    : undefined;
}
