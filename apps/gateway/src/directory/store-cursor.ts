import { InvalidRequestError } from '@userbridge/errors';

/**
 * Opaque cursors of answers read from the directory: `<kind>.` then base64url
 * JSON. The prefix tells them from the live listing's cursors (plain base64url),
 * so one `cursor` parameter can carry either, and a cursor of one endpoint is
 * refused by another.
 */
export function encodeStoreCursor(kind: string, payload: Record<string, unknown>): string {
  return `${kind}.${Buffer.from(JSON.stringify({ v: 1, ...payload }), 'utf8').toString('base64url')}`;
}

export function isStoreCursor(kind: string, text: string | undefined): boolean {
  return text !== undefined && text.startsWith(`${kind}.`);
}

/** The payload, or a 400 when the text is not a cursor of this kind issued by a gateway. */
export function decodeStoreCursor(kind: string, text: string): Record<string, unknown> {
  let parsed: unknown = null;
  const body = text.startsWith(`${kind}.`) ? text.slice(kind.length + 1) : '';
  if (/^[A-Za-z0-9_-]{1,2000}$/.test(body)) {
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { v?: unknown }).v !== 1)
    throw invalidCursor();
  return parsed as Record<string, unknown>;
}

export function invalidCursor(
  message = 'cursor is not valid: pass back a nextCursor exactly as it was received',
): InvalidRequestError {
  return new InvalidRequestError(message, {
    problems: [{ field: 'cursor', message: 'not a cursor issued for this query' }],
  });
}
