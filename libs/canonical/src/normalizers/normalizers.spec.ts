import { normalizeBoolean } from './boolean';
import { normalizeDate } from './date';
import { normalizeEmail } from './email';
import { normalizeLanguage } from './language';
import { namesFromFullName, namesFromParts } from './name';
import { normalizePhone } from './phone';
import { roleFromKeywords } from './role';
import { normalizeText } from './text';
import { normalizeTimezone } from './timezone';

describe('normalizeText', () => {
  it.each([
    ['  a b  ', 'a b'],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
    [42, '42'],
    [Number.NaN, null],
    [{}, null],
  ])('%p -> %p', (input, expected) => expect(normalizeText(input)).toBe(expected));
});

describe('normalizeEmail', () => {
  it.each([
    ['  John.Doe@Example.COM ', 'john.doe@example.com'],
    ['ZOË@exämple.de', 'zoë@exämple.de'],
    ['a+tag@x.io', 'a+tag@x.io'],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(normalizeEmail(input)).toBe(expected));
});

describe('names', () => {
  it('joins parts and collapses whitespace', () => {
    expect(namesFromParts('  John ', 'van  der Berg')).toEqual({
      firstName: 'John',
      lastName: 'van der Berg',
      displayName: 'John van der Berg',
    });
  });
  it('keeps a lone part', () => {
    expect(namesFromParts(null, 'Doe')).toEqual({
      firstName: null,
      lastName: 'Doe',
      displayName: 'Doe',
    });
    expect(namesFromParts('', '')).toEqual({ firstName: null, lastName: null, displayName: null });
  });
  it('splits a full name on its last space', () => {
    expect(namesFromFullName('Mary Ann  Smith')).toEqual({
      firstName: 'Mary Ann',
      lastName: 'Smith',
      displayName: 'Mary Ann Smith',
    });
    expect(namesFromFullName("Seán O'Brien")).toEqual({
      firstName: 'Seán',
      lastName: "O'Brien",
      displayName: "Seán O'Brien",
    });
  });
  it('treats a mononym as a first name', () => {
    expect(namesFromFullName(' Madonna ')).toEqual({
      firstName: 'Madonna',
      lastName: null,
      displayName: 'Madonna',
    });
    expect(namesFromFullName('李小龙')).toEqual({
      firstName: '李小龙',
      lastName: null,
      displayName: '李小龙',
    });
  });
  it('gives nulls for nothing', () => {
    expect(namesFromFullName(null)).toEqual({ firstName: null, lastName: null, displayName: null });
  });
});

describe('normalizeBoolean', () => {
  it.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    [2, null],
    ['1', true],
    ['0', false],
    ['true', true],
    ['FALSE', false],
    ['Yes', true],
    ['no', false],
    ['', false],
    ['maybe', null],
    [null, null],
    [undefined, null],
  ])('%p -> %p', (input, expected) => expect(normalizeBoolean(input)).toBe(expected));
});

describe('normalizeDate', () => {
  it.each([
    ['2026-01-15T10:30:00Z', '2026-01-15T10:30:00.000Z'],
    ['2026-01-15T12:30:00+02:00', '2026-01-15T10:30:00.000Z'],
    ['2026-01-15 10:30:00', '2026-01-15T10:30:00.000Z'],
    ['2026-01-15', '2026-01-15T00:00:00.000Z'],
    [1768473000, '2026-01-15T10:30:00.000Z'],
    [1768473000000, '2026-01-15T10:30:00.000Z'],
    ['1768473000', '2026-01-15T10:30:00.000Z'],
    ['0000-00-00 00:00:00', null],
    ['yesterday', null],
    ['2026-13-45T99:00:00Z', null],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(normalizeDate(input)).toBe(expected));
});

describe('normalizeLanguage', () => {
  it.each([
    ['en_US', 'en-US'],
    ['pt_BR', 'pt-BR'],
    ['EN', 'en'],
    ['zh_hans_cn', 'zh-Hans-CN'],
    ['es-419', 'es-419'],
    ['english', null],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(normalizeLanguage(input)).toBe(expected));
});

describe('normalizePhone', () => {
  it.each([
    ['+1 (415) 555-0134', '+14155550134'],
    ['+14155550134', '+14155550134'],
    ['+44 20 7946 0958', '+442079460958'],
    // The vendor pages' own example: well-formed E.164 that libphonenumber calls impossible, kept as given.
    ['+1234567890', '+1234567890'],
    ['+12345', null],
    ['1234567890', null],
    ['+0123456789', null],
    ['12345', null],
    ['not a phone', null],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(normalizePhone(input)).toBe(expected));

  it('reads national numbers in the given country only', () => {
    expect(normalizePhone('(415) 555-0134')).toBeNull();
    expect(normalizePhone('(415) 555-0134', 'US')).toBe('+14155550134');
  });

  it('answers the same for a number seen before, whatever country was asked first', () => {
    expect(normalizePhone('(212) 555-0199', 'US')).toBe('+12125550199');
    expect(normalizePhone('(212) 555-0199')).toBeNull();
    expect(normalizePhone('(212) 555-0199', 'US')).toBe('+12125550199');
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', 'US')).toBeNull();
  });

  it('stays right past the numbers it remembers', () => {
    const numbers = Array.from(
      { length: 12_000 },
      (_, i) => `+1 415 55${String(i).padStart(5, '0')}`,
    );
    for (const text of numbers) normalizePhone(text);
    expect(normalizePhone(numbers[0])).toBe('+141555' + '00000');
    expect(normalizePhone('not a phone')).toBeNull();
    expect(normalizePhone(numbers[11_999])).toBe('+14155511999');
  });
});

describe('roleFromKeywords', () => {
  it.each([
    ['Admin', 'admin'],
    ['billing_admin', 'admin'],
    ['Senior_Billing_Manager', 'manager'],
    ['Supervisor', 'manager'],
    ['finance_viewer', 'read_only'],
    ['ReadOnly', 'read_only'],
    ['Agent', 'member'],
    ['', 'member'],
    [null, 'member'],
  ])('%p -> %p', (input, expected) => expect(roleFromKeywords(input)).toBe(expected));
});

describe('normalizeTimezone', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['america/new_york', 'America/New_York'],
    [' UTC ', 'UTC'],
    ['Mars/Olympus', null],
    ['+05:00', null],
    ['42', null],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(normalizeTimezone(input)).toBe(expected));
});
