import { createHash } from 'node:crypto';
import { InvalidRequestError } from '@userbridge/errors';

/**
 * One cursor format for every listing of the gateway.
 *
 * A cursor is opaque to callers: base64url of `{ k, v, f, p }` where `k` is the
 * listing's kind (a cursor of one listing is refused by another), `v` the
 * version of that kind's position (a cursor from an older shape is refused
 * rather than misread), `f` a fingerprint of the query it was issued for (a
 * cursor reused with other filters would skip or repeat rows, so it is
 * refused) and `p` the position, checked field by field on the way in (a
 * forged position never reaches the database as a 500).
 *
 * Every refusal is an `InvalidCursorError`: a 400 `invalid_request` whose
 * message says what is wrong and how to recover.
 */

/** Longest cursor text accepted; listings never issue anything near it. */
export const MAX_CURSOR_LENGTH = 4096;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** PostgreSQL text cannot hold NUL, and no position of ours holds a control character. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a cursor was refused; the message to the caller is derived from it. */
export type CursorProblem = 'malformed' | 'kind' | 'version' | 'query' | 'position';

/** A cursor the gateway cannot continue: 400 `invalid_request`, `details.fields[0].field` = the parameter. */
export class InvalidCursorError extends InvalidRequestError {
  constructor(
    readonly problem: CursorProblem,
    message: string,
    field = 'cursor',
  ) {
    super(message, { problems: [{ field, message: PROBLEM_SUMMARY[problem] }] });
  }
}

const PROBLEM_SUMMARY: Record<CursorProblem, string> = {
  malformed: 'not a cursor issued by this gateway',
  kind: 'issued by another listing',
  version: 'issued by another version of this listing',
  query: 'issued for other filters',
  position: 'not a position of this listing',
};

/** Checks one field of a position as it comes back from a caller. */
export interface CursorField<T> {
  /** The value when it is acceptable, else undefined. */
  read(value: unknown): T | undefined;
}

export type CursorShape = Record<string, CursorField<unknown>>;
export type PositionOf<S extends CursorShape> = {
  [K in keyof S]: S[K] extends CursorField<infer T> ? T : never;
};

/** Field checks for positions: every bound is inclusive. */
export const cursorField = {
  /**
   * A whole number. Bound it by the column it is compared with: an `integer`
   * column takes `max: INT4_MAX`, a `bigint` id the default (the largest safe
   * integer).
   */
  integer(options: { min?: number; max?: number } = {}): CursorField<number> {
    const min = options.min ?? 0;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    return {
      read: (value) =>
        typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
          ? value
          : undefined,
    };
  },

  /** A non-empty string without control characters (NUL would be a database error). */
  text(options: { maxLength?: number } = {}): CursorField<string> {
    const maxLength = options.maxLength ?? 300;
    return {
      read: (value) =>
        typeof value === 'string' &&
        value.length > 0 &&
        value.length <= maxLength &&
        !CONTROL.test(value)
          ? value
          : undefined,
    };
  },

  /** An object of names (each matching `key`) to whole numbers, e.g. a position per vendor. */
  integerMap(options: {
    key: RegExp;
    min?: number;
    max?: number;
    maxEntries?: number;
  }): CursorField<Record<string, number>> {
    const entry = cursorField.integer(options);
    const maxEntries = options.maxEntries ?? 100;
    return {
      read: (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
        const entries = Object.entries(value);
        if (entries.length > maxEntries) return undefined;
        const map: Record<string, number> = {};
        for (const [name, raw] of entries) {
          const number = entry.read(raw);
          if (!options.key.test(name) || number === undefined) return undefined;
          map[name] = number;
        }
        return map;
      },
    };
  },
};

/** The largest value of a PostgreSQL `integer` column. */
export const INT4_MAX = 2_147_483_647;

/**
 * JSON with object keys sorted, so a digest of it never depends on insertion
 * order (a cursor's query fingerprint, an audit record's hash).
 */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A short digest of the query a cursor belongs to: pass everything that
 * decides which rows a listing returns and in which order (filters, vendors
 * selected, normalised search text), never the page size or the cursor.
 */
export function queryFingerprint(query: unknown): string {
  return createHash('sha256').update(stableJson(query)).digest('base64url').slice(0, 16);
}

interface Envelope {
  k: string;
  v: number;
  f: string;
  p: unknown;
}

function readEnvelope(text: string): Envelope | undefined {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text))
    return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { k, v, f, p } = parsed as Record<string, unknown>;
  if (typeof k !== 'string' || typeof v !== 'number' || typeof f !== 'string') return undefined;
  return { k, v, f, p };
}

/** The kind of a cursor of this format, or null when the text is not one. */
export function cursorKind(text: string | undefined): string | null {
  return text === undefined ? null : (readEnvelope(text)?.k ?? null);
}

export interface CursorDefinition<S extends CursorShape> {
  /** Names the listing, e.g. `users.store`; unique across the gateway. */
  kind: string;
  /** Raise it whenever the position's shape or meaning changes. */
  version: number;
  /** The position's fields and their checks. */
  position: S;
  /** The query parameter carrying the cursor, named in errors (default `cursor`). */
  field?: string;
}

export interface CursorCodec<P> {
  readonly kind: string;
  /** The opaque text to hand out as `nextCursor`. */
  encode(position: P, query: unknown): string;
  /**
   * The position a caller's cursor names, after checking that it is a cursor
   * of this kind and version, issued for the same query, with a valid
   * position. Anything else throws `InvalidCursorError`.
   */
  decode(text: string, query: unknown): P;
  /** Whether the text is a cursor of this kind (even a bad one): lets one parameter carry several kinds. */
  owns(text: string | undefined): boolean;
  /**
   * One page of a keyset listing: `rows` were read with one more than
   * `limit`, the extra row only telling that another page exists. Answers the
   * rows to show and the cursor after the last of them, null on the last page.
   */
  page<T>(
    rows: readonly T[],
    limit: number,
    query: unknown,
    positionOf: (last: T) => P,
  ): KeysetPage<T>;
}

export interface KeysetPage<T> {
  rows: T[];
  nextCursor: string | null;
}

const START_OVER = 'start the listing again without cursor';

/** A codec for one listing's cursors. Define it once, at module level, next to the listing. */
export function defineCursor<S extends CursorShape>(
  definition: CursorDefinition<S>,
): CursorCodec<PositionOf<S>> {
  const { kind, version, position: shape } = definition;
  const field = definition.field ?? 'cursor';
  const fail = (problem: CursorProblem, message: string) =>
    new InvalidCursorError(problem, message, field);
  const encode = (position: PositionOf<S>, query: unknown): string => {
    const envelope: Envelope = { k: kind, v: version, f: queryFingerprint(query), p: position };
    return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url');
  };
  return {
    kind,
    encode,
    decode(text, query) {
      const envelope = readEnvelope(text);
      if (envelope === undefined)
        throw fail(
          'malformed',
          `${field} is not valid: pass back a nextCursor exactly as it was received`,
        );
      if (envelope.k !== kind)
        throw fail(
          'kind',
          `${field} was issued by another listing (${envelope.k.slice(0, 40)}), not ${kind}: ${START_OVER}`,
        );
      if (envelope.v !== version)
        throw fail(
          'version',
          `${field} was issued by another version of the gateway: ${START_OVER}`,
        );
      if (envelope.f !== queryFingerprint(query))
        throw fail(
          'query',
          `${field} was issued for other filters: repeat the filters of the first page`,
        );
      const raw = envelope.p;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw fail('position', `${field} is not valid: its position is damaged`);
      const result: Record<string, unknown> = {};
      for (const [name, check] of Object.entries(shape)) {
        const value = check.read((raw as Record<string, unknown>)[name]);
        if (value === undefined)
          throw fail('position', `${field} is not valid: its position is damaged (${name})`);
        result[name] = value;
      }
      if (Object.keys(raw).some((name) => !(name in shape)))
        throw fail('position', `${field} is not valid: its position is damaged`);
      return result as PositionOf<S>;
    },
    owns(text) {
      return cursorKind(text) === kind;
    },
    page(rows, limit, query, positionOf) {
      const shown = rows.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        rows: shown,
        nextCursor:
          rows.length > limit && last !== undefined ? encode(positionOf(last), query) : null,
      };
    },
  };
}
