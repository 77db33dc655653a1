import { ScimError } from './scim.error';

export interface ScimPagingLimits {
  /** `count` when the request gives none. */
  defaultCount: number;
  /** Largest page: a larger `count` is cut to it (RFC 7644 §3.4.2.4), never refused. */
  maxCount: number;
}

export interface ScimPaging {
  /** 1-based. */
  startIndex: number;
  /** 0 asks for `totalResults` only. */
  count: number;
}

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(number))
    throw new ScimError(400, 'invalidValue', `${name} must be an integer`);
  return number;
}

/**
 * `startIndex` / `count` as RFC 7644 §3.4.2.4 reads them: `startIndex` below
 * 1 is 1, a negative `count` is 0, a `count` above the maximum is the
 * maximum. Query strings are accepted as they come (`"10"`).
 * @throws ScimError 400 invalidValue for a value that is not an integer.
 */
export function normalizeScimPaging(
  query: { startIndex?: unknown; count?: unknown },
  limits: ScimPagingLimits,
): ScimPaging {
  const startIndex = integer(query.startIndex, 'startIndex') ?? 1;
  const count = integer(query.count, 'count') ?? limits.defaultCount;
  return {
    startIndex: Math.max(1, startIndex),
    count: Math.min(Math.max(0, count), limits.maxCount),
  };
}
