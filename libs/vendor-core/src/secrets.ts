/**
 * Whether a payload key names a secret. Matched on the key with case and
 * separators removed (`sip_password`, `Client-Secret`, `privateKey`), by the
 * words secrets are named with, so a vendor inventing a new secret field
 * name is caught without anyone listing it.
 */
const SECRET_WORDS =
  /(passw|passphrase|pwd$|^pin$|secret|token|apikey|accesskey|privatekey|signingkey|credential|authorization|cookie|sessionid|sessionkey|otp$|totp|mfaseed)/;

export function isSecretKey(key: string): boolean {
  return SECRET_WORDS.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/**
 * Verdicts remembered per key name and per list of extra names: a vendor's
 * payloads use the same few dozen keys over and over, and matching each key
 * afresh is a large part of mapping a user. Bounded, since keys are vendor data.
 */
const MAX_REMEMBERED_KEYS = 10_000;
const NO_EXTRA: readonly string[] = [];
const verdictsByExtra = new WeakMap<readonly string[], Map<string, boolean>>();

function isStripped(key: string, extraSecretKeys: readonly string[]): boolean {
  let verdicts = verdictsByExtra.get(extraSecretKeys);
  if (!verdicts) verdictsByExtra.set(extraSecretKeys, (verdicts = new Map()));
  let stripped = verdicts.get(key);
  if (stripped === undefined) {
    const lower = key.toLowerCase();
    stripped = isSecretKey(key) || extraSecretKeys.some((k) => k.toLowerCase() === lower);
    if (verdicts.size < MAX_REMEMBERED_KEYS) verdicts.set(key, stripped);
  }
  return stripped;
}

/**
 * Removes secret keys at any depth: every key `isSecretKey` recognises, and
 * the extra exact names a vendor adds (case-insensitive). Used on every
 * vendorData payload so a secret cannot leave the gateway even when a vendor
 * nests it.
 */
export function withoutSecrets<T>(value: T, extraSecretKeys: readonly string[] = NO_EXTRA): T {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (!isStripped(key, extraSecretKeys)) out[key] = strip(child);
    }
    return out;
  };
  return strip(value) as T;
}

/** String values held under secret keys, at any depth (to scrub echoes of what we sent). */
export function secretValuesOf(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, secret: boolean): void => {
    if (typeof node === 'string') {
      if (secret) found.push(node);
    } else if (Array.isArray(node)) {
      for (const child of node) walk(child, secret);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) walk(child, secret || isSecretKey(key));
    }
  };
  walk(value, false);
  return found;
}

/** Keys no vendor payload may ever show, whatever the vendor (all matched by `isSecretKey` too). */
export const UNIVERSAL_SECRET_KEYS = [
  'password',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'apikey',
  'secret',
];
