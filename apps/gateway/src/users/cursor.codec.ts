import { createHash } from 'node:crypto';
import { InvalidRequestError } from '@userbridge/errors';

/** Where each vendor with users left stands; a vendor absent from `offsets` is finished. */
export interface CursorState {
  query: string;
  offsets: Record<string, number>;
}

const VERSION = 1;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const VENDOR = /^[a-z][a-z0-9-]{0,31}$/;

/** Ties a cursor to the filters it was made for: reusing it with others would skip or repeat users. */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(
    JSON.stringify({ v: VERSION, q: state.query, o: state.offsets }),
    'utf8',
  ).toString('base64url');
}

function invalid(): InvalidRequestError {
  return new InvalidRequestError(
    'cursor is not valid: pass back a nextCursor exactly as it was received',
    {
      problems: [{ field: 'cursor', message: 'not a cursor issued by this gateway' }],
    },
  );
}

export function decodeCursor(text: string): CursorState {
  if (!BASE64URL.test(text)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { v, q, o } = parsed as Record<string, unknown>;
  if (
    v !== VERSION ||
    typeof q !== 'string' ||
    typeof o !== 'object' ||
    o === null ||
    Array.isArray(o)
  )
    throw invalid();
  const offsets: Record<string, number> = {};
  for (const [vendor, offset] of Object.entries(o)) {
    if (
      !VENDOR.test(vendor) ||
      typeof offset !== 'number' ||
      !Number.isSafeInteger(offset) ||
      offset < 0
    )
      throw invalid();
    offsets[vendor] = offset;
  }
  return { query: q, offsets };
}
