import { SCIM_USER_SCHEMA } from '../urns';
import { ScimError } from '../scim.error';
import {
  SCIM_EMAIL_FILTER_ATTRIBUTES,
  SCIM_FILTER_ATTRIBUTES,
  ScimCompareOperator,
  ScimEmailFilter,
  ScimEmailFilterAttribute,
  ScimFilter,
  ScimFilterAttribute,
  ScimFilterValue,
} from './filter.types';
import { parseRawFilter, RawFilter, RawValue } from './grammar';

type ValueType = 'string' | 'boolean' | 'dateTime';

const USER_TYPES: Record<ScimFilterAttribute, ValueType> = {
  id: 'string',
  externalId: 'string',
  userName: 'string',
  displayName: 'string',
  'name.givenName': 'string',
  'name.familyName': 'string',
  'name.formatted': 'string',
  active: 'boolean',
  'meta.lastModified': 'dateTime',
};

const EMAIL_TYPES: Record<ScimEmailFilterAttribute, ValueType> = {
  value: 'string',
  type: 'string',
  primary: 'boolean',
};

const byLowerCase = <T extends string>(names: readonly T[]): Map<string, T> =>
  new Map(names.map((name) => [name.toLowerCase(), name]));
const USER_ATTRIBUTES = byLowerCase(SCIM_FILTER_ATTRIBUTES);
const EMAIL_ATTRIBUTES = byLowerCase(SCIM_EMAIL_FILTER_ATTRIBUTES);
const CORE_PREFIX = `${SCIM_USER_SCHEMA.toLowerCase()}:`;

const SUPPORTED = `${SCIM_FILTER_ATTRIBUTES.join(', ')}, emails (${SCIM_EMAIL_FILTER_ATTRIBUTES.join(', ')})`;

function invalid(detail: string): never {
  throw new ScimError(400, 'invalidFilter', detail);
}

/** A path as written, without the core User URN, lower-cased. */
function plainPath(path: string): string {
  const lower = path.toLowerCase();
  if (lower.startsWith(CORE_PREFIX)) return lower.slice(CORE_PREFIX.length);
  return lower;
}

type Resolved =
  | { kind: 'user'; attribute: ScimFilterAttribute }
  | { kind: 'emails'; sub: ScimEmailFilterAttribute | null };

function resolveUserPath(path: string): Resolved {
  const plain = plainPath(path);
  const attribute = USER_ATTRIBUTES.get(plain);
  if (attribute) return { kind: 'user', attribute };
  if (plain === 'emails') return { kind: 'emails', sub: null };
  if (plain.startsWith('emails.')) {
    const sub = EMAIL_ATTRIBUTES.get(plain.slice('emails.'.length));
    if (sub) return { kind: 'emails', sub };
  }
  return invalid(`Filtering on "${path}" is not supported (supported: ${SUPPORTED})`);
}

function resolveEmailSub(name: string, path: string): ScimEmailFilterAttribute {
  const sub = EMAIL_ATTRIBUTES.get(name.toLowerCase());
  if (!sub)
    invalid(
      `Filtering on "${name}" of ${path} is not supported (supported: ${SCIM_EMAIL_FILTER_ATTRIBUTES.join(', ')})`,
    );
  return sub;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A comparison checked against the attribute's type; null values turn into presence tests. */
function checked<A extends string>(
  attribute: A,
  type: ValueType,
  operator: ScimCompareOperator,
  value: RawValue,
  name: string,
):
  | { kind: 'compare'; attribute: A; operator: ScimCompareOperator; value: ScimFilterValue }
  | { kind: 'present'; attribute: A }
  | { kind: 'not'; filter: { kind: 'present'; attribute: A } } {
  if (value === null) {
    if (operator === 'eq') return { kind: 'not', filter: { kind: 'present', attribute } };
    if (operator === 'ne') return { kind: 'present', attribute };
    invalid(`"${name} ${operator} null" is not a comparison: use "${name} pr"`);
  }
  if (type === 'boolean') {
    const bool =
      typeof value === 'boolean'
        ? value
        : typeof value === 'string' && /^(true|false)$/i.test(value)
          ? value.toLowerCase() === 'true'
          : invalid(`${name} is a boolean: compare it with true or false`);
    if (operator !== 'eq' && operator !== 'ne')
      invalid(`${name} is a boolean: only eq and ne apply, not ${operator}`);
    return { kind: 'compare', attribute, operator, value: bool };
  }
  if (typeof value !== 'string') invalid(`${name} is a string: put the value in double quotes`);
  if (type === 'dateTime') {
    if (operator === 'co' || operator === 'sw' || operator === 'ew')
      invalid(`${name} is a date-time: ${operator} does not apply`);
    const time = DATE_TIME.test(value) ? new Date(value) : null;
    if (time === null || Number.isNaN(time.getTime()))
      invalid(`${name} compares with a date-time such as "2026-01-31T12:00:00Z", not "${value}"`);
    return { kind: 'compare', attribute, operator, value: time.toISOString() };
  }
  return { kind: 'compare', attribute, operator, value };
}

function emailFilter(raw: RawFilter, path: string): ScimEmailFilter {
  switch (raw.kind) {
    case 'and':
    case 'or':
      return {
        kind: raw.kind,
        left: emailFilter(raw.left, path),
        right: emailFilter(raw.right, path),
      };
    case 'not':
      return { kind: 'not', filter: emailFilter(raw.filter, path) };
    case 'present':
      return { kind: 'present', attribute: resolveEmailSub(raw.path, path) };
    case 'compare': {
      const sub = resolveEmailSub(raw.path, path);
      return checked(sub, EMAIL_TYPES[sub], raw.operator, raw.value, `${path}.${sub}`);
    }
    case 'valuePath':
      return invalid(`A value filter cannot be nested in ${path}[…]`);
  }
}

function userFilter(raw: RawFilter): ScimFilter {
  switch (raw.kind) {
    case 'and':
    case 'or':
      return { kind: raw.kind, left: userFilter(raw.left), right: userFilter(raw.right) };
    case 'not':
      return { kind: 'not', filter: userFilter(raw.filter) };
    case 'present':
    case 'compare': {
      const resolved = resolveUserPath(raw.path);
      if (resolved.kind === 'emails') {
        // `emails.value eq x` and `emails eq x` (RFC: the value sub-attribute) are `emails[value eq x]`.
        const sub = resolved.sub ?? 'value';
        const element: RawFilter =
          raw.kind === 'present' ? { kind: 'present', path: sub } : { ...raw, path: sub };
        return { kind: 'valuePath', attribute: 'emails', filter: emailFilter(element, 'emails') };
      }
      if (raw.kind === 'present') return { kind: 'present', attribute: resolved.attribute };
      return checked(
        resolved.attribute,
        USER_TYPES[resolved.attribute],
        raw.operator,
        raw.value,
        resolved.attribute,
      );
    }
    case 'valuePath': {
      const resolved = resolveUserPath(raw.path);
      if (resolved.kind !== 'emails' || resolved.sub !== null)
        invalid(`"${raw.path}" is not a multi-valued attribute: it takes no […] filter`);
      const inner = emailFilter(raw.filter, 'emails');
      if (raw.sub === null) return { kind: 'valuePath', attribute: 'emails', filter: inner };
      // Entra's `emails[type eq "work"].value eq "x"`: ONE element of type work with that value.
      const tail: RawFilter =
        raw.tail === null || raw.tail.kind === 'present'
          ? { kind: 'present', path: raw.sub }
          : { kind: 'compare', path: raw.sub, operator: raw.tail.operator, value: raw.tail.value };
      return {
        kind: 'valuePath',
        attribute: 'emails',
        filter: { kind: 'and', left: inner, right: emailFilter(tail, 'emails') },
      };
    }
  }
}

/**
 * Parses a User list `filter` (RFC 7644 §3.4.2.2) and checks every attribute,
 * operator and value against what the directory can filter on: nothing is
 * ever ignored.
 * @throws ScimError 400 invalidFilter naming what is wrong or unsupported.
 */
export function parseFilter(text: string): ScimFilter {
  return userFilter(parseRawFilter(text));
}
