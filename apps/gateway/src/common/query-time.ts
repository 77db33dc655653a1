import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The one time format query parameters accept: an RFC 3339 date-time with `Z`
 * or a numeric offset (`2026-11-23T10:00:00Z`, `2026-11-23T11:00:00.5+01:00`),
 * or a full date (`2026-11-23`, midnight UTC). Nothing else: ISO 8601's other
 * forms (week dates, ordinal dates, basic format, times without seconds) read
 * differently in every parser, and a time without a zone would be read in the
 * server's zone.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2})))?$/;

export const TIME_PARAM_FORMAT =
  'an RFC 3339 time with Z or an offset (2026-11-23T10:00:00Z, 2026-11-23T11:00:00+01:00) or a date (2026-11-23)';

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The instant a query parameter names, or null when it is not in the accepted profile. */
export function parseTimeParam(text: string): Date | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  at.setUTCFullYear(year, month - 1, day);
  if (h === undefined) return at;
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // A leap second (:60) has no JavaScript or PostgreSQL instant: refused rather than moved.
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  at.setUTCHours(hour, minute, second, millis);
  if (zulu !== undefined) return at;
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(at.getTime() - offset * 60_000);
}

/** Like parseTimeParam, for a value the DTO already validated. */
export function timeParam(text: string): Date {
  const at = parseTimeParam(text);
  if (at === null) throw new TypeError(`not a validated time parameter: ${text.slice(0, 40)}`);
  return at;
}

/** Validates a query parameter as a time in the accepted profile (see parseTimeParam). */
export function IsTimeParam(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeParam',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseTimeParam(value) !== null,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be ${TIME_PARAM_FORMAT}`,
      },
    },
    options,
  );
}
