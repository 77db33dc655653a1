import { DomainError, ErrorCode } from '@userbridge/errors';

/** Response header naming the vendor kinds a report could not read (comma list), beside the connections. */
export const MISSING_VENDORS_HEADER = 'x-userbridge-missing-vendors';
/** Response header naming the connections a report could not read (comma list). */
export const MISSING_CONNECTIONS_HEADER = 'x-userbridge-missing-connections';

/** Both headers' values for the connections a report could not read. */
export function missingHeaders(
  failures: readonly { vendor: string; connection: string }[],
): Record<string, string> {
  return {
    [MISSING_CONNECTIONS_HEADER]: failures.map((f) => f.connection).join(','),
    [MISSING_VENDORS_HEADER]: [...new Set(failures.map((f) => f.vendor))].join(','),
  };
}

/**
 * A CSV report with a vendor missing is refused unless asked for: a sheet
 * has no `errors` field, and an offboarding audit that silently lacks a
 * vendor's accounts reads as complete. The code is the failing vendor's own.
 */
export class IncompleteReportError extends DomainError {
  readonly code: ErrorCode;

  constructor(failures: readonly { vendor: string; connection: string; code: string }[]) {
    const names = failures.map((f) => f.connection);
    super(
      `The report would be incomplete: ${names.join(', ')} could not be read. Retry later, or add ?partial=true to get it without ${names.length > 1 ? 'them' : 'it'} (the ${MISSING_CONNECTIONS_HEADER} header then names the missing connections)`,
      {
        vendor: failures[0]?.vendor,
        details: {
          missingConnections: names,
          missingVendors: [...new Set(failures.map((f) => f.vendor))],
        },
      },
    );
    this.code = (failures[0]?.code as ErrorCode | undefined) ?? 'vendor_error';
  }
}
