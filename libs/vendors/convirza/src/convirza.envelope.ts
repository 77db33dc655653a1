import { unexpectedShape } from '@userbridge/vendor-core';
import { ConvirzaEnvelope } from './convirza.types';

export const VENDOR = 'convirza';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The `data` of a 2xx envelope, checked to be an object; anything else is an unreadable answer. */
export function envelopeData(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw unexpectedShape(VENDOR, 'the answer is not a JSON object');
  const { data } = body as ConvirzaEnvelope;
  if (!isObject(data)) throw unexpectedShape(VENDOR, '"data" is not an object');
  return data;
}

/** The envelope's message of an error answer, when there is one. */
export function envelopeMessage(body: unknown): string | null {
  if (!isObject(body))
    return typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : null;
  const { message } = body as ConvirzaEnvelope;
  return typeof message === 'string' && message.length > 0 ? message.slice(0, 500) : null;
}

export { isObject };
