import { createHash, timingSafeEqual } from 'node:crypto';

export type KeyScope = 'read' | 'write';

export interface ApiKeyEntry {
  /** sha256 of the key: the key itself is never kept in memory past parsing. */
  digest: Buffer;
  scope: KeyScope;
  /** First characters only, for logs and metrics; never the whole key. */
  label: string;
}

export const MIN_KEY_LENGTH = 16;

export function digestKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * `GATEWAY_API_KEYS` is a comma list of `key:scope`. Returns the problems found
 * instead of throwing so configuration errors can be reported all at once.
 */
export function parseApiKeys(text: string): { keys: ApiKeyEntry[]; problems: string[] } {
  const keys: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .forEach((part, index) => {
      const cut = part.lastIndexOf(':');
      const key = cut > 0 ? part.slice(0, cut) : part;
      const scope = cut > 0 ? part.slice(cut + 1) : '';
      const where = `GATEWAY_API_KEYS entry ${index + 1}`;
      if (scope !== 'read' && scope !== 'write') {
        problems.push(`${where} must be "key:read" or "key:write"`);
      } else if (key.length < MIN_KEY_LENGTH || /\s/.test(key)) {
        problems.push(`${where}: a key needs at least ${MIN_KEY_LENGTH} characters and no spaces`);
      } else if (seen.has(key)) {
        problems.push(`${where} repeats a key`);
      } else {
        seen.add(key);
        keys.push({ digest: digestKey(key), scope, label: `${key.slice(0, 4)}…` });
      }
    });
  if (keys.length === 0 && problems.length === 0) problems.push('GATEWAY_API_KEYS holds no key');
  return { keys, problems };
}

/** Compares digests in constant time so response timing does not reveal key prefixes. */
export function findKey(keys: readonly ApiKeyEntry[], presented: string): ApiKeyEntry | undefined {
  const digest = digestKey(presented);
  let found: ApiKeyEntry | undefined;
  for (const entry of keys) {
    if (timingSafeEqual(entry.digest, digest)) found = entry;
  }
  return found;
}

export function scopeAllows(granted: KeyScope, needed: KeyScope): boolean {
  return granted === 'write' || needed === 'read';
}
