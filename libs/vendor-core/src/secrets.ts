/**
 * Removes secret keys at any depth (case-insensitive). Used on every vendorData
 * payload so a secret cannot leave the gateway even when a vendor nests it.
 */
export function withoutSecrets<T>(value: T, secretKeys: readonly string[]): T {
  const secrets = new Set(secretKeys.map((k) => k.toLowerCase()));
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (!secrets.has(key.toLowerCase())) out[key] = strip(child);
    }
    return out;
  };
  return strip(value) as T;
}

/** Keys no vendor payload may ever show, whatever the vendor. */
export const UNIVERSAL_SECRET_KEYS = [
  'password',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'apikey',
  'secret',
];
