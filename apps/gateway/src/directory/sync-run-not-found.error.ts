import { DomainError } from '@userbridge/errors';

/** No sync run has this id (never made, or another database). */
export class SyncRunNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(runId: number) {
    super(`Sync run ${runId} does not exist`, { details: { runId } });
  }
}
