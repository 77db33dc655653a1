import { unexpectedShape } from '@userbridge/vendor-core';
import { CrediraEnvelope, CrediraErrorEnvelope } from './credira.types';

export const VENDOR = 'credira';

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface CrediraAnswer {
  data: unknown;
  meta: Record<string, unknown>;
}

/**
 * A 2xx body: the envelope with `success: true` and a `data` member. A 2xx that
 * says `success: false` is not trusted as a success: Credira promised one or
 * the other, and an answer that contradicts itself is unreadable.
 */
export function parseEnvelope(body: unknown): CrediraAnswer {
  if (!isObject(body)) throw unexpectedShape(VENDOR, 'the answer is not a JSON object');
  const { success, data, meta } = body as CrediraEnvelope;
  if (success !== true)
    throw unexpectedShape(VENDOR, '"success" is not true on a successful answer');
  if (!('data' in body)) throw unexpectedShape(VENDOR, 'the answer has no "data"');
  return { data, meta: isObject(meta) ? meta : {} };
}

/** The `data` of a 2xx answer that must be one object (a user, a delete receipt). */
export function envelopeObject(body: unknown): Record<string, unknown> {
  const { data } = parseEnvelope(body);
  if (!isObject(data)) throw unexpectedShape(VENDOR, '"data" is not an object');
  return data;
}

/** `error.code` and `error.message` of an error answer, when readable. */
export function envelopeError(body: unknown): { code: string | null; message: string | null } {
  if (!isObject(body)) {
    return {
      code: null,
      message: typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : null,
    };
  }
  const { error } = body as CrediraErrorEnvelope;
  if (!isObject(error)) return { code: null, message: null };
  const code =
    typeof error.code === 'string' && error.code.length > 0 ? error.code.slice(0, 100) : null;
  const message =
    typeof error.message === 'string' && error.message.length > 0
      ? error.message.slice(0, 500)
      : null;
  return { code, message };
}
