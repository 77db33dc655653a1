import { createHash } from 'node:crypto';
import { version as phoneLibraryVersion } from 'libphonenumber-js/package.json';
import { DomainError } from '@userbridge/errors';
import { RejectedRecord, VendorUserRecord } from './user-record';
import { isPathSafeId } from './path-safe-id';

export interface ReadRecords {
  users: VendorUserRecord[];
  rejected: RejectedRecord[];
}

/** One item of a list answer as a store can recognise it without mapping it (`PageSources`). */
export interface SourceKey {
  /** The item's id as the vendor sent it, when it is path-safe; else null. */
  vendorId: string | null;
  /**
   * sha256 of the mapping's version and the item as sent: two items with one
   * digest map to the same user, so a store that holds what this digest
   * mapped to need not map it again.
   */
  digest: string;
}

/** Users mapped from sources, each with its item's digest (`digests[i]` is `users[i]`'s). */
export interface SourcedRecords extends ReadRecords {
  digests: string[];
}

/**
 * A page's items kept as the vendor sent them and mapped only where asked
 * (`ListQuery.sources`): a full sync looks the digests up in its store and
 * maps only the items it does not already hold as they are.
 */
export interface PageSources {
  /** One per item, in page order. */
  readonly keys: readonly SourceKey[];
  /** Maps the items at these indexes of `keys` (in order), as `readListRecords` maps a page. */
  map(indexes: readonly number[]): SourcedRecords;
}

/**
 * What a mapped user depends on besides the item: the adapter's own mapping
 * (`mapping`, a version its spec pins against a fixed output) and the phone
 * metadata the canonical normalizer reads. A new version of either maps every
 * item again once.
 */
function mappingOf(mapping: string): string {
  return `${mapping};libphonenumber-js/${phoneLibraryVersion}\n`;
}

function digestOf(prefix: string, item: unknown): string {
  return createHash('sha256')
    .update(prefix)
    .update(JSON.stringify(item) ?? 'undefined')
    .digest('base64url');
}

function safeIdOf(raw: unknown): string | null {
  const id = typeof raw === 'number' || typeof raw === 'string' ? String(raw) : null;
  return id !== null && isPathSafeId(id) ? id : null;
}

/**
 * Maps the items at `indexes` one by one: an item the mapper refuses (a
 * DomainError) is reported with its stream position; anything else thrown is a
 * bug and propagates.
 */
function mapItems(
  items: readonly unknown[],
  indexes: Iterable<number>,
  positionOf: (index: number) => number,
  parse: (item: unknown) => VendorUserRecord,
  rawIdOf: (item: unknown) => unknown,
  onUser?: (index: number) => void,
): ReadRecords {
  const users: VendorUserRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for (const i of indexes) {
    const item = items[i];
    try {
      users.push(parse(item));
      onUser?.(i);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      rejected.push({
        vendorId: safeIdOf(rawIdOf(item)),
        reason: error.message,
        position: positionOf(i),
      });
    }
  }
  return { users, rejected };
}

/**
 * Maps a page of raw list items one by one: an item the mapper refuses (a
 * DomainError: unexpected id, shape or value) is dropped and reported with its
 * stream position, and every other item is still listed. Anything else thrown
 * is a bug and propagates.
 *
 * With `sources` (the adapter's mapping version, given when the caller asked
 * for `ListQuery.sources`) nothing is mapped here: the page is handed out as
 * `sources`, its items mapped when and where the caller asks.
 *
 * @param positions the stream position of the first item (the rest follow it),
 *   or of each item
 * @param rawIdOf the item's id as the vendor sent it, for the report; only a
 *   path-safe one is reported (it may end up in a later request path).
 */
export function readListRecords(
  items: readonly unknown[],
  positions: number | readonly number[],
  parse: (item: unknown) => VendorUserRecord,
  rawIdOf: (item: unknown) => unknown,
  sources?: string,
): ReadRecords & { sources?: PageSources } {
  const positionOf =
    typeof positions === 'number' ? (i: number) => positions + i : (i: number) => positions[i];
  if (sources === undefined) return mapItems(items, items.keys(), positionOf, parse, rawIdOf);
  const prefix = mappingOf(sources);
  const keys = items.map((item) => ({
    vendorId: safeIdOf(rawIdOf(item)),
    digest: digestOf(prefix, item),
  }));
  return {
    users: [],
    rejected: [],
    sources: {
      keys,
      map(indexes) {
        const digests: string[] = [];
        const read = mapItems(items, indexes, positionOf, parse, rawIdOf, (i) =>
          digests.push(keys[i].digest),
        );
        return { ...read, digests };
      },
    },
  };
}

/** The `id`-like member of a raw item, when it is an object. */
export function rawMember(item: unknown, key: string): unknown {
  return item !== null && typeof item === 'object' && !Array.isArray(item)
    ? (item as Record<string, unknown>)[key]
    : undefined;
}
