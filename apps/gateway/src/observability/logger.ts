import pino, { Logger, LoggerOptions } from 'pino';

/**
 * Paths pino blanks in every line, whatever logged them: credentials of callers
 * and vendors, and secrets vendors hand out. Serializers below already keep
 * headers out; this is the second lock.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.password',
  '*.registration_password',
  '*.api_key',
  '*.apiKey',
  '*.token',
  '*.access_token',
  '*.authorization',
  'password',
  'registration_password',
  'api_key',
  'token',
];

let stampedAt = -1;
let stamp = '';

/**
 * pino's ISO timestamp (`,"time":"…"`), formatted once per millisecond: at a
 * few thousand lines a second most lines share their millisecond with the
 * line before, and formatting the date was a sixth of a request line's cost.
 */
export function isoTimeOncePerMs(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

function lineOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'userbridge' },
    timestamp: isoTimeOncePerMs,
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function rootLoggerOptions(level: string): LoggerOptions {
  return { ...lineOptions(level), redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

export interface GatewayLoggers {
  /** Every line whose content is not fixed in advance: redacted by REDACTED_PATHS. */
  root: Logger;
  /**
   * The per-request and per-vendor-call lines only, whose every field is a
   * number, an enum or a label the gateway made (route templates, request ids
   * it checked, key prefixes), never caller or vendor text: redaction finds
   * nothing there and its wildcard paths cost more than the rest of the line.
   * Same destination and format as `root`.
   */
  fixed: Logger;
  /** Writes out what is buffered, before the process is stopped by a signal. */
  flush(): void;
}

/**
 * Lines go to `destination` (tests) or to stdout through an asynchronous,
 * batching writer: a request never waits on a write to a slow pipe, and one
 * write carries many lines (up to 4 kB) instead of one system call per line.
 * What is buffered goes out within half a second, and when the app closes.
 */
export function createLoggers(level: string, destination?: pino.DestinationStream): GatewayLoggers {
  const stdout = destination
    ? null
    : pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 500 });
  const out = destination ?? stdout!;
  return {
    root: pino(rootLoggerOptions(level), out),
    fixed: pino(lineOptions(level), out),
    flush: () => stdout?.flushSync(),
  };
}
