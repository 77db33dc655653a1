import { parseTimeParam } from './query-time';

describe('parseTimeParam', () => {
  it.each([
    ['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23t10:00:00z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T11:00:00+01:00', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T05:30:00-04:30', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T10:00:00.5Z', '2026-11-23T10:00:00.500Z'],
    ['2026-11-23T10:00:00.123456789Z', '2026-11-23T10:00:00.123Z'],
    ['2026-11-23', '2026-11-23T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['0050-01-01', '0050-01-01T00:00:00.000Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimeParam(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['a week date', '2026-W01'],
    ['a week date with a day', '2026-W01-1'],
    ['basic format', '20261123'],
    ['basic format with a time', '20261123T100000Z'],
    ['a time without seconds', '2026-11-23T10:00Z'],
    ['an hour only', '2026-11-23T10Z'],
    ['an ordinal date', '2026-060'],
    ['an ordinal date that looks like a month', '2026-012'],
    ['a year and month', '2026-11'],
    ['a year', '2026'],
    ['a time without a zone', '2026-11-23T10:00:00'],
    ['a space instead of T', '2026-11-23 10:00:00Z'],
    ['a day beyond the month', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-11-00'],
    ['hour 24', '2026-11-23T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset beyond 23 hours', '2026-11-23T10:00:00+24:00'],
    ['an offset without a colon', '2026-11-23T10:00:00+0100'],
    ['year 0', '0000-01-01'],
    ['a NUL byte', '2026-11-23\u0000'],
    ['a trailing newline', '2026-11-23\n'],
    ['an expanded year', '+002026-11-23'],
    ['a comma fraction', '2026-11-23T10:00:00,5Z'],
    ['empty', ''],
  ])('refuses %s (%s)', (_name, text) => {
    expect(parseTimeParam(text)).toBeNull();
  });
});
