import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';
import { normalizeText } from './text';

/** E.164's written shape: a +, a non-zero digit, 7 to 15 digits in all. */
const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * Parsing with the full metadata is the dearest step of mapping a user, and the
 * same numbers come back on every read of the same users: answers are kept for
 * the most recently seen texts. The result depends on the text and the default
 * country only, so a kept answer is the answer.
 */
const REMEMBERED = 10_000;
const remembered = new Map<string, string | null>();

/**
 * A phone as the canonical model carries it: E.164 as written. Reads keep such
 * a value even when libphonenumber does not know it as possible, so writes
 * accept the same: a user written back exactly as it was read must pass.
 */
export function isWellFormedE164(value: unknown): value is string {
  return typeof value === 'string' && E164.test(value);
}

function parseE164(text: string, defaultCountry: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (parsed && parsed.isPossible()) return parsed.number;
  return isWellFormedE164(text) ? text : null;
}

/**
 * E.164 when the number parses and is a possible number. A value already
 * written in E.164 form that libphonenumber does not know as possible (the
 * vendor pages' own `+1234567890`) is kept as given: it is well-formed, and
 * turning it into null would hide a number the vendor holds. Anything else
 * that does not parse is null (callers keep the raw value in vendorData).
 * Numbers without a leading + are read in `defaultCountry`, which is an
 * assumption of the vendor that passes it.
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
