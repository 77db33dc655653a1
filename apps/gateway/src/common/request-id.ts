import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's x-request-id when it is a sane token (so ids can be
 * correlated across services) and makes one otherwise: an id is echoed into
 * headers and logs, so arbitrary text must never pass through.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  const id = value !== undefined && ACCEPTABLE.test(value) ? value : randomUUID();
  // The raw request carries it too, so the logging middleware binds the same id.
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}
