import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';
import { normalizeText } from './text';

/** E.164's written shape: a +, a non-zero digit, 7 to 15 digits in all. */
const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * A phone as the canonical model carries it: E.164 as written. Reads keep such
 * a value even when libphonenumber does not know it as possible, so writes
 * accept the same: a user written back exactly as it was read must pass.
 */
export function isWellFormedE164(value: unknown): value is string {
  return typeof value === 'string' && E164.test(value);
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
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (parsed && parsed.isPossible()) return parsed.number;
  return isWellFormedE164(text) ? text : null;
}
