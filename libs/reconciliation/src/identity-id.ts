import * as crypto from 'node:crypto';

const PREFIX = 'idn_';
const HEX_CHARS = 16;
/** Reused output buffer: one flat 20-byte string per identity instead of a slice of a 64-char digest. */
const scratch = Buffer.alloc(PREFIX.length + HEX_CHARS);
scratch.write(PREFIX, 0, 'latin1');

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
/**
 * crypto.hash (Node >= 20.12) digests without a Hash object and, asked for
 * hex, without a Buffer: with 100k+ identities those objects' native memory
 * piles up until a GC and inflates the peak RSS. Older Nodes fall back.
 */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
const sha256Hex: (data: string) => string =
  typeof oneShot === 'function'
    ? (data) => oneShot('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * Stable identity id: the same set of accounts always gets the same id, so an
 * operator can refer to an identity across runs as long as its members hold.
 * "idn_" + the first 16 hex chars of sha256(sorted member ids joined by "\n").
 */
export function identityId(sortedMemberIdsJoined: string): string {
  const hex = sha256Hex(sortedMemberIdsJoined);
  for (let i = 0; i < HEX_CHARS; i++) scratch[PREFIX.length + i] = hex.charCodeAt(i);
  return scratch.toString('latin1');
}
