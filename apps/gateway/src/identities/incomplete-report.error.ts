import { DomainError, ErrorCode } from '@userbridge/errors';

/** Response header naming the vendors a report could not read (comma list). */
export const MISSING_VENDORS_HEADER = 'x-userbridge-missing-vendors';

/**
 * A CSV report with a vendor missing is refused unless asked for: a sheet
 * has no `errors` field, and an offboarding audit that silently lacks a
 * vendor's accounts reads as complete. The code is the failing vendor's own.
 */
export class IncompleteReportError extends DomainError {
  readonly code: ErrorCode;

  constructor(failures: readonly { vendor: string; code: string }[]) {
    const names = failures.map((f) => f.vendor);
    super(
      `The report would be incomplete: ${names.join(', ')} could not be read. Retry later, or add ?partial=true to get it without ${names.length > 1 ? 'them' : 'it'} (the ${MISSING_VENDORS_HEADER} header then names the missing vendors)`,
      { vendor: names[0], details: { missingVendors: names } },
    );
    this.code = (failures[0]?.code as ErrorCode | undefined) ?? 'vendor_error';
  }
}
