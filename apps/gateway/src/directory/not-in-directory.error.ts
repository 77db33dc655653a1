import { DomainError } from '@userbridge/errors';

/** The directory never saw this user (never synced, never written through the gateway). */
export class NotInDirectoryError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(globalId: string, vendor: string) {
    super(
      `User ${globalId} is not in the directory: it was never synced; read it live without source=store`,
      { vendor },
    );
  }
}
