import { ScimError } from '../scim.error';
import type { ScimFilter } from './filter.types';
import { parseFilter } from './parse-filter';

const eq = (attribute: string, value: string | boolean, operator = 'eq') => ({
  kind: 'compare',
  attribute,
  operator,
  value,
});

function refusal(text: string): ScimError {
  try {
    parseFilter(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error(`${text} parsed`);
}

describe('parseFilter', () => {
  it.each<[string, unknown]>([
    ['userName eq "bjensen"', eq('userName', 'bjensen')],
    // Attribute names and operators in any case (Okta upper-cases nothing, others do).
    ['USERNAME EQ "bjensen"', eq('userName', 'bjensen')],
    ['username Eq "BJensen"', eq('userName', 'BJensen')],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"', eq('userName', 'a')],
    ['URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName eq "a"', eq('userName', 'a')],
    ['externalId eq "E-1"', eq('externalId', 'E-1')],
    ['id eq "42"', eq('id', '42')],
    ['displayName co "Jen"', eq('displayName', 'Jen', 'co')],
    ['name.givenName sw "Ba"', eq('name.givenName', 'Ba', 'sw')],
    ['name.familyName ew "sen"', eq('name.familyName', 'sen', 'ew')],
    ['name.formatted ne "x"', eq('name.formatted', 'x', 'ne')],
    ['userName gt "m"', eq('userName', 'm', 'gt')],
    ['userName ge "m"', eq('userName', 'm', 'ge')],
    ['userName lt "m"', eq('userName', 'm', 'lt')],
    ['userName le "m"', eq('userName', 'm', 'le')],
    ['active eq true', eq('active', true)],
    ['active eq FALSE', eq('active', false)],
    ['active ne "True"', eq('active', true, 'ne')],
    [
      'meta.lastModified gt "2026-01-01T00:00:00Z"',
      eq('meta.lastModified', '2026-01-01T00:00:00.000Z', 'gt'),
    ],
    [
      'meta.lastModified le "2026-01-01T02:00:00+02:00"',
      eq('meta.lastModified', '2026-01-01T00:00:00.000Z', 'le'),
    ],
    ['displayName pr', { kind: 'present', attribute: 'displayName' }],
    ['displayName eq null', { kind: 'not', filter: { kind: 'present', attribute: 'displayName' } }],
    ['displayName ne null', { kind: 'present', attribute: 'displayName' }],
    // String escapes: JSON's.
    ['userName eq "a\\"b\\\\c\\u00e9"', eq('userName', 'a"b\\cé')],
    ['userName eq "it\'s"', eq('userName', "it's")],
    ['userName eq ""', eq('userName', '')],
    ['  userName   eq   "x"  ', eq('userName', 'x')],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  const a = eq('userName', 'a');
  const b = eq('externalId', 'b');
  const c = eq('displayName', 'c');

  it.each<[string, unknown]>([
    ['userName eq "a" and externalId eq "b"', { kind: 'and', left: a, right: b }],
    ['userName eq "a" AND externalId eq "b"', { kind: 'and', left: a, right: b }],
    ['userName eq "a" or externalId eq "b"', { kind: 'or', left: a, right: b }],
    // and binds tighter than or, on either side.
    [
      'userName eq "a" or externalId eq "b" and displayName eq "c"',
      { kind: 'or', left: a, right: { kind: 'and', left: b, right: c } },
    ],
    [
      'userName eq "a" and externalId eq "b" or displayName eq "c"',
      { kind: 'or', left: { kind: 'and', left: a, right: b }, right: c },
    ],
    [
      '(userName eq "a" or externalId eq "b") and displayName eq "c"',
      { kind: 'and', left: { kind: 'or', left: a, right: b }, right: c },
    ],
    ['not (userName eq "a")', { kind: 'not', filter: a }],
    ['NOT(userName eq "a")', { kind: 'not', filter: a }],
    [
      'not (userName eq "a" or externalId eq "b") and displayName eq "c"',
      { kind: 'and', left: { kind: 'not', filter: { kind: 'or', left: a, right: b } }, right: c },
    ],
    ['((userName eq "a"))', a],
    // Left-associative chains.
    [
      'userName eq "a" or externalId eq "b" or displayName eq "c"',
      { kind: 'or', left: { kind: 'or', left: a, right: b }, right: c },
    ],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  const emails = (filter: unknown): unknown => ({ kind: 'valuePath', attribute: 'emails', filter });
  const work = eq('type', 'work');

  it.each<[string, unknown]>([
    ['emails[type eq "work"]', emails(work)],
    [
      'emails[type eq "work" and value co "@example.com"]',
      emails({ kind: 'and', left: work, right: eq('value', '@example.com', 'co') }),
    ],
    // Entra's attribute-path form: one element, of type work AND with that value.
    [
      'emails[type eq "work"].value eq "a@x.com"',
      emails({ kind: 'and', left: work, right: eq('value', 'a@x.com') }),
    ],
    [
      'EMAILS[TYPE EQ "work"].VALUE EQ "a@x.com"',
      emails({ kind: 'and', left: work, right: eq('value', 'a@x.com') }),
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value pr',
      emails({ kind: 'and', left: work, right: { kind: 'present', attribute: 'value' } }),
    ],
    ['emails.value eq "a@x.com"', emails(eq('value', 'a@x.com'))],
    ['emails eq "a@x.com"', emails(eq('value', 'a@x.com'))],
    ['emails.type eq "work"', emails(work)],
    ['emails pr', emails({ kind: 'present', attribute: 'value' })],
    ['emails[primary eq true]', emails(eq('primary', true))],
    ['emails[not (type eq "home")]', emails({ kind: 'not', filter: eq('type', 'home') })],
    [
      'userName eq "a" and emails[type eq "work" or value sw "b"]',
      {
        kind: 'and',
        left: a,
        right: emails({ kind: 'or', left: work, right: eq('value', 'b', 'sw') }),
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    // Unsupported attributes are refused, never ignored.
    ['title eq "x"', /"title" is not supported/],
    ['nickName pr', /"nickName" is not supported/],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "x"',
      /not supported/,
    ],
    ['name eq "x"', /"name" is not supported/],
    ['meta.created gt "2026-01-01T00:00:00Z"', /"meta.created" is not supported/],
    ['emails.display eq "x"', /"emails.display" is not supported/],
    ['emails[display eq "x"]', /"display" of emails is not supported/],
    ['phoneNumbers[type eq "work"]', /"phoneNumbers" is not supported/],
    ['userName[type eq "x"]', /not a multi-valued attribute/],
    ['emails[type eq "work"][value eq "x"]', /expected "and" or "or"/],
    ['emails[type eq "work" and emails[value eq "x"]]', /cannot be nested/],
    // Operators and values.
    ['userName like "x"', /unknown operator "like"/],
    ['userName eq', /expected a value after "eq"/],
    ['userName eq bjensen', /expected a value/],
    ['userName eq 12', /is a string/],
    ['userName eq true', /is a string/],
    ['userName gt null', /use "userName pr"/],
    ['active eq "yes"', /is a boolean/],
    ['active gt true', /only eq and ne/],
    ['active co "t"', /is a boolean/],
    ['meta.lastModified co "2026"', /co does not apply/],
    ['meta.lastModified gt "yesterday"', /date-time/],
    ['meta.lastModified gt "2026-13-45T00:00:00Z"', /date-time/],
    // Grammar.
    ['', /is empty/],
    ['   ', /is empty/],
    ['userName', /expected an operator/],
    ['userName eq "a" and', /expected an attribute but found the end/],
    ['userName eq "a" userName eq "b"', /expected "and" or "or"/],
    ['(userName eq "a"', /expected "\)"/],
    ['userName eq "a")', /unbalanced/],
    ['not userName eq "a"', /"not" must be followed by "\("/],
    ['userName eq "unterminated', /unterminated string/],
    ['userName eq "bad \\q escape"', /invalid escape/],
    ['and eq "x"', /expected an attribute but found "and"/],
    ['emails[type eq "work"].value', /expected an operator/],
    ['emails[type eq "work"].value eq', /expected a value/],
  ])('refuses %s', (text, detail) => {
    const error = refusal(text);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(detail);
  });

  it.each<[string, string, RegExp]>([
    [
      '60 nested parentheses',
      `${'('.repeat(60)}userName eq "a"${')'.repeat(60)}`,
      /nested deeper than 50/,
    ],
    ['a 10 001-character value', `userName eq "${'x'.repeat(10_001)}"`, /longer than 10000/],
  ])('refuses %s', (_label, text, detail) => {
    const error = refusal(text);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(detail);
  });

  it('keeps a hostile value as data', () => {
    const filter = parseFilter(
      `userName eq "x' or 1=1; drop table vendor_users; --"`,
    ) as ScimFilter;
    expect(filter).toEqual(eq('userName', "x' or 1=1; drop table vendor_users; --"));
  });
});
