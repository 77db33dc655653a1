import { InvalidRequestError } from '@userbridge/errors';

/**
 * Identities are ordered by their smallest member id, so a page resumes "after
 * this member id": stable even when accounts come or go between pages, unlike
 * an offset into a report that is rebuilt on every call.
 */
interface IdentityCursor {
  query: string;
  after: string;
}

const VERSION = 1;

export function encodeIdentityCursor(cursor: IdentityCursor): string {
  return Buffer.from(
    JSON.stringify({ v: VERSION, q: cursor.query, a: cursor.after }),
    'utf8',
  ).toString('base64url');
}

export function decodeIdentityCursor(text: string, query: string): string {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]+$/.test(text)
      ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
      : null;
  } catch {
    parsed = null;
  }
  const { v, q, a } = (parsed ?? {}) as Record<string, unknown>;
  if (
    v !== VERSION ||
    typeof q !== 'string' ||
    typeof a !== 'string' ||
    a.length === 0 ||
    a.length > 300
  ) {
    throw new InvalidRequestError(
      'cursor is not valid: pass back a nextCursor exactly as it was received',
      {
        problems: [{ field: 'cursor', message: 'not a cursor issued by this gateway' }],
      },
    );
  }
  if (q !== query) {
    throw new InvalidRequestError(
      'cursor was issued for other filters: repeat the filters of the first page',
      {
        problems: [{ field: 'cursor', message: 'issued for other filters' }],
      },
    );
  }
  return a;
}
