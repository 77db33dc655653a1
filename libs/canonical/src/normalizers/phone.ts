import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';
import { normalizeText } from './text';

/**
 * E.164 when the number parses and is a possible number, else null (callers keep
 * the raw value in vendorData). Numbers without a leading + are read in
 * `defaultCountry`, which is an assumption of the vendor that passes it.
 */
export function normalizePhone(value: unknown, defaultCountry?: CountryCode): string | null {
  const text = normalizeText(value);
  if (text === null) return null;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
