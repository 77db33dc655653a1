import pino, { Logger, LoggerOptions } from 'pino';
import { FixedLines } from './fixed-lines';
import { LineBatcher } from './line-batcher';
import { isoTimeOncePerMs, SERVICE } from './line-format';
import { PrettyLines } from './pretty-lines';

export { isoTimeOncePerMs } from './line-format';

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

export function rootLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: SERVICE },
    timestamp: isoTimeOncePerMs,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

export interface GatewayLoggers {
  /** Every line whose content is not fixed in advance: redacted by REDACTED_PATHS. */
  root: Logger;
  /**
   * The per-request and per-vendor-call lines only, formatted from a template
   * (see FixedLines) and not redacted by REDACTED_PATHS: their fields are fixed
   * in advance (numbers, enums, route templates, request ids the gateway
   * checked, key labels). One field carries text from outside: a vendor call's
   * `vendorText`, the start of a vendor's error answer, which the HTTP client
   * has scrubbed of every credential the gateway holds before it gets here
   * (VendorHttpConfig.heldCredentials). Same destination and format as `root`.
   */
  fixed: FixedLines;
  /** Writes out what is buffered, before the process is stopped by a signal. */
  flush(): void;
}

/**
 * Lines go to `destination` (tests) or to stdout in batches, one write per
 * turn of the event loop (see LineBatcher). What is pending is written when
 * the app closes. `pretty` (default: stdout is a terminal and no destination
 * was given) writes each line for a person to read (PrettyLines); otherwise,
 * and whenever stdout is a pipe or a file, they stay JSON lines.
 */
export function createLoggers(
  level: string,
  destination?: pino.DestinationStream,
  pretty = destination === undefined && process.stdout.isTTY === true,
): GatewayLoggers {
  const stdout = destination ? null : new LineBatcher(process.stdout);
  const lines: pino.DestinationStream = destination ?? stdout!;
  const out: pino.DestinationStream = pretty ? new PrettyLines(lines) : lines;
  return {
    root: pino(rootLoggerOptions(level), out),
    fixed: new FixedLines(level, out),
    flush: () => stdout?.flush(),
  };
}
