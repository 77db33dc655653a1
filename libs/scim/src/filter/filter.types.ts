/** RFC 7644 §3.4.2.2 comparison operators (`pr` is its own node). */
export const SCIM_COMPARE_OPERATORS = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
] as const;
export type ScimCompareOperator = (typeof SCIM_COMPARE_OPERATORS)[number];

/**
 * The single-valued User attributes a list filter may name, in their
 * canonical spelling (whatever case or URN prefix the filter used).
 */
export const SCIM_FILTER_ATTRIBUTES = [
  'id',
  'externalId',
  'userName',
  'displayName',
  'name.givenName',
  'name.familyName',
  'name.formatted',
  'active',
  'meta.lastModified',
] as const;
export type ScimFilterAttribute = (typeof SCIM_FILTER_ATTRIBUTES)[number];

/** Sub-attributes of `emails` a filter may name (inside `emails[...]`, or as `emails.<sub>`). */
export const SCIM_EMAIL_FILTER_ATTRIBUTES = ['value', 'type', 'primary'] as const;
export type ScimEmailFilterAttribute = (typeof SCIM_EMAIL_FILTER_ATTRIBUTES)[number];

/**
 * A checked comparison value: a string for string attributes (a dateTime is
 * normalised to ISO 8601 with milliseconds, `Date#toISOString`), a boolean
 * for `active` and `emails.primary`.
 */
export type ScimFilterValue = string | boolean;

export interface ScimComparison<A extends string> {
  kind: 'compare';
  attribute: A;
  operator: ScimCompareOperator;
  value: ScimFilterValue;
}

/** `attr pr`: the attribute has a value (not null, not an empty string). `attr eq null` parses to `not (attr pr)`. */
export interface ScimPresence<A extends string> {
  kind: 'present';
  attribute: A;
}

export interface ScimAnd<F> {
  kind: 'and';
  left: F;
  right: F;
}

export interface ScimOr<F> {
  kind: 'or';
  left: F;
  right: F;
}

export interface ScimNot<F> {
  kind: 'not';
  filter: F;
}

/** A filter over the elements of `emails`: each condition is evaluated on one element. */
export type ScimEmailFilter =
  | ScimAnd<ScimEmailFilter>
  | ScimOr<ScimEmailFilter>
  | ScimNot<ScimEmailFilter>
  | ScimComparison<ScimEmailFilterAttribute>
  | ScimPresence<ScimEmailFilterAttribute>;

/**
 * Some element of `emails` satisfies `filter` as a whole (RFC 7644 per-element
 * semantics). `emails[type eq "work"].value eq "x"` (Entra's form) and
 * `emails.value eq "x"` parse to this too, with the conditions joined by `and`.
 */
export interface ScimValuePath {
  kind: 'valuePath';
  attribute: 'emails';
  filter: ScimEmailFilter;
}

/** A parsed, checked `filter` of a User list (RFC 7644 §3.4.2.2). */
export type ScimFilter =
  | ScimAnd<ScimFilter>
  | ScimOr<ScimFilter>
  | ScimNot<ScimFilter>
  | ScimComparison<ScimFilterAttribute>
  | ScimPresence<ScimFilterAttribute>
  | ScimValuePath;
