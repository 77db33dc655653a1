import { conflictMatches, IdentityFilter } from './filter';
import type { Identity } from './types';

const BOM = '\uFEFF';
const EOL = '\r\n';
const HEADER = [
  'identity_id',
  'display_name',
  'emails',
  'vendors',
  'conflict',
  'severity',
  'message',
  'accounts',
  'confidence',
];

/**
 * One spreadsheet cell. Vendor data is untrusted: a display name such as
 * "=HYPERLINK(...)" must stay text when an operator opens the file, hence the
 * apostrophe before formula-starting characters (OWASP CSV injection advice).
 */
export function csvCell(value: string): string {
  const first = value.charAt(0);
  const safe =
    first === '=' ||
    first === '+' ||
    first === '-' ||
    first === '@' ||
    first === '\t' ||
    first === '\r'
      ? `'${value}`
      : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function accountsCell(identity: Identity): string {
  return identity.members.map((m) => `${m.id} (${m.status}, ${m.role})`).join('; ');
}

/**
 * UTF-8 with BOM and CRLF so spreadsheet programs open names with accents
 * correctly; one row per identity and conflict, so a filter on the conflict
 * column works, and identities without conflicts still get a row. Given
 * conflict or severity criteria, only the conflicts meeting them are rows.
 */
export function identitiesToCsv(
  identities: readonly Identity[],
  filter: Pick<IdentityFilter, 'conflict' | 'severity'> = {},
): string {
  const rows: string[] = [HEADER.join(',')];
  for (const identity of identities) {
    const shared = [
      identity.id,
      identity.displayName ?? '',
      identity.emails.join('; '),
      identity.vendors.join('; '),
    ];
    const accounts = accountsCell(identity);
    const confidence = String(identity.confidence);
    // With a conflict or severity filter the report is about those conflicts only:
    // an offboarding-gap sheet lists the gaps, not every other finding too.
    const filtering = filter.conflict !== undefined || filter.severity !== undefined;
    const kept = filtering
      ? identity.conflicts.filter((conflict) => conflictMatches(conflict, filter))
      : identity.conflicts;
    const conflicts = kept.length > 0 ? kept : [null];
    for (const conflict of conflicts) {
      const cells = [
        ...shared,
        conflict?.type ?? '',
        conflict?.severity ?? '',
        conflict?.message ?? '',
        accounts,
        confidence,
      ];
      rows.push(cells.map(csvCell).join(','));
    }
  }
  return BOM + rows.join(EOL) + EOL;
}
