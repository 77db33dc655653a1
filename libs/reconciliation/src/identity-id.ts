import * as crypto from 'node:crypto';

const HEX = '0123456789abcdef';
const PREFIX = 'idn_';
const HEX_CHARS = 16;
/** Reused output buffer: one flat 20-byte string per identity instead of a slice of a 64-char digest. */
const scratch = Buffer.alloc(PREFIX.length + HEX_CHARS);
scratch.write(PREFIX, 0, 'latin1');

type OneShotHash = (algorithm: string, data: string, encoding: 'buffer') => Buffer;
/**
 * crypto.hash (Node >= 20.12) digests without a Hash object; with 100k+
 * identities the objects' native memory piles up until a GC and inflates the
 * peak RSS. Older Nodes fall back to createHash.
 */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
const sha256: (data: string) => Buffer =
  typeof oneShot === 'function'
    ? (data) => oneShot('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/**
 * Stable identity id: the same set of accounts always gets the same id, so an
 * operator can refer to an identity across runs as long as its members hold.
 * "idn_" + the first 16 hex chars of sha256(sorted member ids joined by "\n").
 */
export function identityId(sortedMemberIdsJoined: string): string {
  const digest = sha256(sortedMemberIdsJoined);
  for (let i = 0; i < HEX_CHARS / 2; i++) {
    scratch[PREFIX.length + 2 * i] = HEX.charCodeAt(digest[i] >>> 4);
    scratch[PREFIX.length + 2 * i + 1] = HEX.charCodeAt(digest[i] & 15);
  }
  return scratch.toString('latin1');
}
