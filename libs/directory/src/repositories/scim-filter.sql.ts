import type {
  ScimCompareOperator,
  ScimEmailFilter,
  ScimEmailFilterAttribute,
  ScimFilter,
  ScimFilterAttribute,
  ScimFilterValue,
} from '@userbridge/scim';
import { RawBuilder, sql } from 'kysely';
import { foldSearchText } from './users.repository';

/**
 * How one SCIM attribute reads in SQL over `vendor_users`:
 * - `folded`: a case-insensitive string, compared as `lower(normalize(x, NFC))`
 *   against `foldSearchText(value)` (the same folding as `q` and as the
 *   userName index of migration 0009);
 * - `exact`: a case-exact string;
 * - `flag`: a boolean expression (never null);
 * - `time`: a timestamptz, compared at millisecond precision.
 */
type Column =
  | { kind: 'folded'; expr: RawBuilder<string | null> }
  | { kind: 'exact'; expr: RawBuilder<string | null> }
  | { kind: 'flag'; expr: RawBuilder<boolean> }
  | { kind: 'time'; expr: RawBuilder<Date> };

const fold = (expr: RawBuilder<string | null>): RawBuilder<string | null> =>
  sql`lower(normalize(${expr}, NFC))`;

/**
 * SCIM userName: the vendor's username, else the email (a vendor with no
 * usernames, such as Credira, is logged into by email). Written exactly as
 * migration 0009's index so the planner uses it.
 */
export const SCIM_USER_NAME_SQL = sql<
  string | null
>`lower(normalize(coalesce(canonical->>'username', email), NFC))`;
/** The vendor's own externalId, else the one a SCIM client gave (migration 0009's index). */
export const SCIM_EXTERNAL_ID_SQL = sql<
  string | null
>`coalesce(canonical->>'externalId', scim_external_id)`;

/**
 * What a SCIM resource shows as `meta.lastModified`: the vendor's own
 * `updatedAt` when it has one, else the directory's changed-at, at the
 * millisecond a client saw. The stored updatedAt is the canonical ISO form;
 * anything else (never written, but a cast error would fail every such
 * filter of the connection) falls back to the changed-at.
 */
export const SCIM_LAST_MODIFIED_SQL = sql<Date>`date_trunc('milliseconds', coalesce(
  case when canonical->>'updatedAt' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?Z$'
    then (canonical->>'updatedAt')::timestamptz end,
  updated_at))`;

const USER_COLUMNS: Record<ScimFilterAttribute, Column> = {
  id: { kind: 'exact', expr: sql`vendor_id` },
  externalId: { kind: 'exact', expr: SCIM_EXTERNAL_ID_SQL },
  userName: { kind: 'folded', expr: SCIM_USER_NAME_SQL },
  displayName: { kind: 'folded', expr: fold(sql`display_name`) },
  'name.givenName': { kind: 'folded', expr: fold(sql`first_name`) },
  'name.familyName': { kind: 'folded', expr: fold(sql`last_name`) },
  'name.formatted': {
    kind: 'folded',
    expr: fold(sql`nullif(concat_ws(' ', nullif(first_name, ''), nullif(last_name, '')), '')`),
  },
  active: { kind: 'flag', expr: sql`(status = 'active')` },
  'meta.lastModified': { kind: 'time', expr: SCIM_LAST_MODIFIED_SQL },
};

/**
 * The directory holds one email per user: SCIM shows it as the only element
 * of `emails`, `{ value, type: "work", primary: true }`. An element exists
 * exactly when the email is not null (the value path adds that condition).
 */
const EMAIL_COLUMNS: Record<ScimEmailFilterAttribute, Column> = {
  value: { kind: 'folded', expr: fold(sql`email`) },
  type: { kind: 'folded', expr: sql`'work'` },
  primary: { kind: 'flag', expr: sql`true` },
};

const ORDERING: Partial<Record<ScimCompareOperator, string>> = {
  eq: '=',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

function ordering(operator: ScimCompareOperator): RawBuilder<unknown> {
  const op = ORDERING[operator];
  // The parser refuses these pairs first; never let a stray one become a parameter.
  if (op === undefined) throw new Error(`operator ${operator} does not apply here`);
  return sql.raw(op);
}

/** LIKE's own characters are literals in a client's value (backslash is PostgreSQL's default escape). */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function pattern(operator: 'co' | 'sw' | 'ew', text: string): string {
  const body = escapeLike(text);
  return operator === 'sw' ? `${body}%` : operator === 'ew' ? `%${body}` : `%${body}%`;
}

/**
 * One comparison, never null: an attribute without a value compares false
 * (so `not (...)` and `ne` include users that lack it).
 */
function compare(
  column: Column,
  operator: ScimCompareOperator,
  value: ScimFilterValue,
): RawBuilder<boolean> {
  if (operator === 'ne') return sql`(not ${compare(column, 'eq', value)})`;
  if (column.kind === 'flag') {
    // The parser lets only eq/ne through for booleans.
    return value === true ? column.expr : sql`(not ${column.expr})`;
  }
  if (column.kind === 'time') {
    return sql`(${column.expr} ${ordering(operator)} ${String(value)}::timestamptz)`;
  }
  const text = column.kind === 'folded' ? foldSearchText(String(value)) : String(value);
  const expr = column.expr;
  let test: RawBuilder<boolean>;
  if (operator === 'eq') test = sql`${expr} = ${text}`;
  else if (operator === 'co' || operator === 'sw' || operator === 'ew')
    test = sql`${expr} like ${pattern(operator, text)}`;
  else test = sql`${expr} ${ordering(operator)} ${text}`;
  return sql`(${expr} is not null and ${test})`;
}

function present(column: Column): RawBuilder<boolean> {
  if (column.kind === 'flag' || column.kind === 'time') return sql`true`;
  return sql`(${column.expr} is not null and ${column.expr} <> '')`;
}

function emailSql(filter: ScimEmailFilter): RawBuilder<boolean> {
  switch (filter.kind) {
    case 'and':
      return sql`(${emailSql(filter.left)} and ${emailSql(filter.right)})`;
    case 'or':
      return sql`(${emailSql(filter.left)} or ${emailSql(filter.right)})`;
    case 'not':
      return sql`(not ${emailSql(filter.filter)})`;
    case 'compare':
      return compare(EMAIL_COLUMNS[filter.attribute], filter.operator, filter.value);
    case 'present':
      return present(EMAIL_COLUMNS[filter.attribute]);
  }
}

/**
 * A parsed SCIM filter as one boolean SQL expression over `vendor_users`.
 * Every client value is a bound parameter; only the fixed column expressions
 * and operators above are SQL text.
 */
export function scimFilterSql(filter: ScimFilter): RawBuilder<boolean> {
  switch (filter.kind) {
    case 'and':
      return sql`(${scimFilterSql(filter.left)} and ${scimFilterSql(filter.right)})`;
    case 'or':
      return sql`(${scimFilterSql(filter.left)} or ${scimFilterSql(filter.right)})`;
    case 'not':
      return sql`(not ${scimFilterSql(filter.filter)})`;
    case 'compare':
      return compare(USER_COLUMNS[filter.attribute], filter.operator, filter.value);
    case 'present':
      return present(USER_COLUMNS[filter.attribute]);
    case 'valuePath':
      return sql`(email is not null and ${emailSql(filter.filter)})`;
  }
}
