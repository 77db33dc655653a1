import { DomainError } from '@userbridge/errors';

/** The database did not answer: store reads fail with this (503), live reads carry on. */
export class StoreUnavailableError extends DomainError {
  readonly code = 'store_unavailable' as const;
  constructor(reason: string) {
    super(`The directory store is unavailable: ${reason}`);
  }
}

/** The database could not be opened at boot; the message names the setting to fix. */
export class DirectoryOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryOpenError';
  }
}
