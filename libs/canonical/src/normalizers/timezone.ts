import { normalizeText } from './text';

const known = new Map<string, string | null>();

/**
 * An IANA zone in its canonical spelling (`america/new_york` -> `America/New_York`),
 * or null when the runtime's time zone database does not know it. Vendors also
 * send offsets or internal ids; those are not zones and stay in vendorData.
 */
export function normalizeTimezone(value: unknown): string | null {
  const text = normalizeText(value);
  if (text === null || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(text)) return null;
  const cached = known.get(text);
  if (cached !== undefined) return cached;
  let zone: string | null;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    zone = null;
  }
  // A bounded cache: zone names are few, but the input is vendor data.
  if (known.size < 1000) known.set(text, zone);
  return zone;
}
