import { VendorConfigError } from './port/vendor-plugin';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a vendor's variables as a group: all absent means "not configured"
 * (null), some absent is a configuration error naming what is missing.
 */
export function readVendorVariables<K extends string>(
  env: Env,
  vendor: string,
  names: readonly K[],
): Record<K, string> | null {
  const present = names.filter((n) => (env[n] ?? '').trim() !== '');
  if (present.length === 0) return null;
  const missing = names.filter((n) => !present.includes(n));
  if (missing.length > 0) {
    throw new VendorConfigError(
      `${vendor} is partly configured: set ${missing.join(', ')} as well (or unset ${present.join(', ')})`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, (env[n] as string).trim()])) as Record<K, string>;
}

/** An http(s) URL without credentials, query or fragment; trailing slashes dropped. */
export function readBaseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new VendorConfigError(`${name} is not a URL: expected e.g. https://api.example.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new VendorConfigError(`${name} must be an http or https URL`);
  if (url.username || url.password)
    throw new VendorConfigError(
      `${name} must not carry credentials; use the vendor's credential variables`,
    );
  if (url.search || url.hash)
    throw new VendorConfigError(`${name} must not carry a query or fragment`);
  return url.toString().replace(/\/+$/, '');
}
