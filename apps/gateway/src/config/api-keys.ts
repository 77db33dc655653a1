import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a key may do. `write` implies `read`, `admin` implies `write` (and so
 * `read`); `scim` implies nothing: a SCIM key serves an identity provider's
 * SCIM endpoints and cannot call the REST API.
 */
export const KEY_SCOPES = ['read', 'write', 'admin', 'scim'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface ApiKeyEntry {
  /** sha256 of the key: the key itself is never kept in memory past parsing. */
  digest: Buffer;
  /** Shown in request log lines (and wherever a caller is named); never derived from the key's text. */
  label: string;
  /** Expanded: every scope a granted one implies is in the set. */
  scopes: ReadonlySet<KeyScope>;
  /** The connections the key may see; null = every connection. */
  connections: readonly string[] | null;
}

export const MIN_KEY_LENGTH = 16;

/** A key label: what log lines and the audit trail show instead of the key. */
export const KEY_LABEL = /^[a-z][a-z0-9._-]{0,63}$/;

/** The label of the n-th (1-based) `GATEWAY_API_KEYS` entry given without one. */
export const derivedLabel = (position: number): string => `env-key-${position}`;

const IMPLIED: Readonly<Record<KeyScope, readonly KeyScope[]>> = {
  read: ['read'],
  write: ['write', 'read'],
  admin: ['admin', 'write', 'read'],
  scim: ['scim'],
};

export function isKeyScope(value: unknown): value is KeyScope {
  return typeof value === 'string' && (KEY_SCOPES as readonly string[]).includes(value);
}

export function digestKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * One key as the gateway keeps it: its digest (never the key), its label, its
 * scopes with everything they imply, and the connections it is limited to.
 * Checking the key's length, the label's shape and uniqueness is the caller's
 * (each source reports its own problems by its own path).
 */
export function makeKeyEntry(
  key: string,
  label: string,
  scopes: readonly KeyScope[],
  connections: readonly string[] | null,
): ApiKeyEntry {
  return {
    digest: digestKey(key),
    label,
    scopes: new Set(scopes.flatMap((scope) => IMPLIED[scope])),
    connections: connections === null ? null : [...new Set(connections)],
  };
}

/** Whether the key may call a route that needs `needed`. */
export function scopeAllows(entry: ApiKeyEntry, needed: KeyScope): boolean {
  return entry.scopes.has(needed);
}

/** The scopes a key was granted, widest first, for messages (`admin, write, read`). */
export function describeScopes(entry: ApiKeyEntry): string {
  return KEY_SCOPES.filter((scope) => entry.scopes.has(scope))
    .sort((a, b) => IMPLIED[b].length - IMPLIED[a].length)
    .join(', ');
}

/**
 * One `GATEWAY_API_KEYS` entry: `key:scope` or `label=key:scope`. The label
 * form applies when a key's length follows the first `=`, so a base64 key
 * ending in `=` padding still reads as a key.
 */
function splitEntry(part: string): { label: string | null; key: string; scope: string } {
  const cut = part.lastIndexOf(':');
  const keyText = cut > 0 ? part.slice(0, cut) : part;
  const scope = cut > 0 ? part.slice(cut + 1) : '';
  const equals = keyText.indexOf('=');
  if (equals >= 0 && keyText.length - equals - 1 >= MIN_KEY_LENGTH)
    return { label: keyText.slice(0, equals), key: keyText.slice(equals + 1), scope };
  return { label: null, key: keyText, scope };
}

/**
 * `GATEWAY_API_KEYS` is a comma list of `key:scope` or `label=key:scope`,
 * scope `read`, `write`, `admin` or `scim`; such keys see every connection.
 * An entry without a label is labelled by its position (`env-key-2`), which
 * tells nothing about the key. Returns the problems found instead of throwing
 * so configuration errors can be reported all at once; no problem quotes a key.
 */
export function parseApiKeys(text: string): { keys: ApiKeyEntry[]; problems: string[] } {
  const keys: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const seenKeys = new Set<string>();
  const seenLabels = new Set<string>();
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .forEach((part, index) => {
      const { label: given, key, scope } = splitEntry(part);
      const where = `GATEWAY_API_KEYS entry ${index + 1}`;
      const label = given ?? derivedLabel(index + 1);
      if (given !== null && !KEY_LABEL.test(given)) {
        problems.push(
          `${where}: a label is 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter`,
        );
      } else if (!isKeyScope(scope)) {
        problems.push(
          `${where} must be "key:scope" or "label=key:scope", scope ${KEY_SCOPES.join(', ')}`,
        );
      } else if (key.length < MIN_KEY_LENGTH || /\s/.test(key)) {
        problems.push(`${where}: a key needs at least ${MIN_KEY_LENGTH} characters and no spaces`);
      } else if (seenKeys.has(key)) {
        problems.push(`${where} repeats a key`);
      } else if (seenLabels.has(label)) {
        problems.push(`${where} repeats the label "${label}"`);
      } else {
        seenKeys.add(key);
        seenLabels.add(label);
        keys.push(makeKeyEntry(key, label, [scope], null));
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
