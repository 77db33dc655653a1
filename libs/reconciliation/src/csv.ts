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

/** A formula start at the cell's start or right after anything a spreadsheet may split cells on. */
const FORMULA_AFTER_SEPARATOR = /(^|[,;\t\r\n])(?=[=+\-@])/g;
/** Characters some locale or program treats as a cell or row separator: such cells are quoted. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * One spreadsheet cell. Vendor data is untrusted: a display name such as
 * "=HYPERLINK(...)" must stay text when an operator opens the file, hence the
 * apostrophe before formula-starting characters (OWASP CSV injection advice) —
 * at the start and after every `,` `;` tab or line break, since a locale
 * splitting on `;` turns "Bob;=1+1" into a formula cell. Cells holding any of
 * those are quoted, so no program splits them at all.
 */
export function csvCell(value: string): string {
  let safe = value.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  if (/^[\t\r]/.test(safe)) safe = `'${safe}`;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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
