import { DomainError, FieldProblem } from './domain.error';

/** The caller's request is wrong: a bad id, body, query or a vendor rule broken. */
export class InvalidRequestError extends DomainError {
  readonly code = 'invalid_request' as const;
  constructor(
    message: string,
    opts: { vendor?: string; problems?: FieldProblem[]; details?: Record<string, unknown> } = {},
  ) {
    super(message, {
      vendor: opts.vendor,
      details: opts.problems ? { ...opts.details, fields: opts.problems } : opts.details,
    });
  }
}

export class OperationNotSupportedError extends DomainError {
  readonly code = 'operation_not_supported' as const;
  constructor(vendor: string, operation: string, why?: string) {
    super(`${vendor} does not support ${operation}${why ? `: ${why}` : ''}`, {
      vendor,
      details: { operation },
    });
  }
}
