import { createHash } from 'node:crypto';
import type { VendorUserRecord } from '../port';

/**
 * What a fixed set of list items maps to, as a short digest. A vendor's
 * mapping spec pins it beside the adapter's mapping version (`readListRecords`'
 * `sources`): a sync skips mapping items whose digest it holds, so when this
 * output changes the version must change with it, or a store would keep what
 * the old mapping made of users whose vendor items did not change.
 */
function mappedOutputDigest(records: readonly VendorUserRecord[]): string {
  const users = records.map((record) => record.user);
  return createHash('sha256').update(JSON.stringify(users)).digest('base64url').slice(0, 16);
}

/**
 * Fails, saying what to do, unless the mapping's version and its output on
 * `records` are the ones pinned.
 */
export function expectMappingPinned(
  version: string,
  records: readonly VendorUserRecord[],
  pinned: { version: string; output: string },
): void {
  const now = { version, output: mappedOutputDigest(records) };
  if (now.version !== pinned.version || now.output !== pinned.output)
    throw new Error(
      `what these items map to changed, or its version did: give the mapping a new version (the constant beside the mapper) and pin it with its output. Pinned ${JSON.stringify(pinned)}, now ${JSON.stringify(now)}`,
    );
}
