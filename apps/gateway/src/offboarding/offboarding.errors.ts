import { DomainError } from '@userbridge/errors';

export class PlanNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(id: string) {
    super(`Offboarding plan ${id.slice(0, 80)} does not exist`, {
      details: { planId: id.slice(0, 80) },
    });
  }
}

export class RunNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(id: string) {
    super(`Offboarding run ${id.slice(0, 80)} does not exist`, {
      details: { runId: id.slice(0, 80) },
    });
  }
}

export class IdentityNotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(id: string) {
    super(
      `Identity ${id} is not in the latest stored reconciliation run (sync first, or plan by account)`,
      { details: { identity: id } },
    );
  }
}

/** Why an execution is refused until the caller plans again (or waits). */
export type PlanRefusal =
  | 'hash_mismatch'
  | 'expired'
  | 'accounts_changed'
  | 'not_ready'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight';

/** 409 conflict: the plan cannot be executed as it stands; `details.reason` says why. */
export class PlanConflictError extends DomainError {
  readonly code = 'conflict' as const;
  constructor(message: string, reason: PlanRefusal, details: Record<string, unknown> = {}) {
    super(message, { details: { reason, ...details } });
  }
}
