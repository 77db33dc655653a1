import { DomainError } from '@userbridge/errors';

/**
 * The database did not answer: store calls fail with this (503), live reads
 * carry on. The message is the gateway's own words only: the driver's text
 * names the server's address (`connect ECONNREFUSED 127.0.0.1:5432`), so it
 * stays in `cause`, for the log line, and never reaches a caller.
 */
export class StoreUnavailableError extends DomainError {
  readonly code = 'store_unavailable' as const;
  constructor(cause?: unknown) {
    super(
      'The directory store is unavailable; try again shortly, or read from the vendors with ?source=live',
    );
    if (cause !== undefined) this.cause = cause;
  }

  /** The driver's own account of the failure, for logs only (it may name the server's address). */
  get reason(): string {
    const cause = this.cause as { message?: unknown; code?: unknown } | undefined;
    if (cause === undefined) return 'unknown';
    const message = typeof cause.message === 'string' ? cause.message : String(cause);
    const code = typeof cause.code === 'string' && !message.includes(cause.code) ? cause.code : '';
    return `${code ? `${code} ` : ''}${message}`.slice(0, 300);
  }
}

/** The database could not be opened at boot; the message names the setting to fix. */
export class DirectoryOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryOpenError';
  }
}

/** An error for a log line: a lost store with the driver's reason, anything else by its message. */
export function logMessageOf(error: unknown): string {
  if (error instanceof StoreUnavailableError) return `${error.message} (${error.reason})`;
  return error instanceof Error ? error.message : String(error);
}
