/** The `service` field of every line. */
export const SERVICE = 'userbridge';

let stampedAt = -1;
let stamp = '';

/**
 * pino's ISO timestamp (`,"time":"…"`), formatted once per millisecond: at a
 * few thousand lines a second most lines share their millisecond with the
 * line before, and formatting the date is a large part of a request line's cost.
 */
export function isoTimeOncePerMs(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}
