import { DomainError } from '@userbridge/errors';

/** No endpoint (or no message of it) by this id that the caller's key may see. */
export class WebhookNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(what: string) {
    super(`${what} was not found`);
  }
}
