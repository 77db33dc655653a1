import { ValidationOptions, registerDecorator } from 'class-validator';
import { isWellFormedE164 } from '@userbridge/canonical';

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/** A real IANA zone name (the runtime's tz database), `UTC` included. */
export function isIanaTimeZone(value: unknown): boolean {
  return typeof value === 'string' && (ZONES.has(value) || value === 'UTC' || value === 'Etc/UTC');
}

/**
 * E.164 as written (`+` and 7 to 15 digits): the canonical phone contract. Not
 * also "possible" by libphonenumber: reads keep a well-formed number it does not
 * know (the vendor pages' `+1234567890`), and writing a user back as read must pass.
 */
export function isE164Phone(value: unknown): boolean {
  return isWellFormedE164(value);
}

function rule(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message, ...options },
        validator: { validate: (value: unknown) => value === null || test(value) },
      });
}

export const IsIanaTimeZone = rule(
  'isIanaTimeZone',
  isIanaTimeZone,
  '$property must be an IANA time zone such as Europe/Paris',
);
export const IsE164Phone = rule(
  'isE164Phone',
  isE164Phone,
  '$property must be a phone number in E.164 form such as +14155550134',
);
export const IsNotBlank = rule(
  'isNotBlank',
  (v) => typeof v === 'string' && v.trim().length > 0,
  '$property must not be blank',
);

/**
 * Control, format (zero-width, bidi overrides) and line-separator characters:
 * invisible in a UI, they make `alice\u200b@x` a different account from
 * `alice@x` and break logs and CSV reports.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function hasNoInvisibleCharacters(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(hasNoInvisibleCharacters);
  return typeof value !== 'string' || !INVISIBLE.test(value);
}

export const HasNoInvisibleCharacters = rule(
  'hasNoInvisibleCharacters',
  hasNoInvisibleCharacters,
  '$property must not contain control or invisible (zero-width, direction) characters',
);
