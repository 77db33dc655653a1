import { types as pgTypes, type CustomTypesConfig } from 'pg';

/** PostgreSQL's type OID of int8 (bigint, bigserial, count(*)). */
export const INT8_OID = 20;

/**
 * int8 as a JavaScript number, the same on both engines: `pg` would give a
 * string and PGlite a number or a bigint. Every int8 the directory stores is a
 * sequence value or a count, far below 2^53 (9 * 10^15 rows); a larger one
 * fails its query rather than come back rounded.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers (2^53 - 1)`);
  return value;
}

/** The type parsers of the directory's own pg pool (never pg's global `types`). */
export const pgTypeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pgTypes.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** The same for PGlite (its `parsers` option, keyed by type OID). */
export const pgliteParsers = { [INT8_OID]: parseInt8 };
