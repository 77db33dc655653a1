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

export function rootLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'userbridge' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination ? pino(rootLoggerOptions(level), destination) : pino(rootLoggerOptions(level));
}
