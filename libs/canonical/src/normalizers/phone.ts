import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';
import { normalizeText } from './text';

/**
 * Parsing with the full metadata is the dearest step of mapping a user, and the
 * same numbers come back on every read of the same users: answers are kept for
 * the most recently seen texts. The result depends on the text and the default
 * country only, so a kept answer is the answer.
 */
const REMEMBERED = 10_000;
const remembered = new Map<string, string | null>();

function parseE164(text: string, defaultCountry: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/**
 * E.164 when the number parses and is a possible number, else null (callers keep
 * the raw value in vendorData). Numbers without a leading + are read in
 * `defaultCountry`, which is an assumption of the vendor that passes it.
 */
export function normalizePhone(value: unknown, defaultCountry?: CountryCode): string | null {
  const text = normalizeText(value);
  if (text === null) return null;
  const key = `${defaultCountry ?? ''} ${text}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const result = parseE164(text, defaultCountry);
  // Oldest first out: a Map iterates in insertion order.
  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(key, result);
  return result;
}
