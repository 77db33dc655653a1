const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const SQL_DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * ISO-8601 UTC (`2026-01-15T10:30:00.000Z`) or null. Timestamps without a zone
 * (`2026-01-15 10:30:00`, common in SQL-backed APIs) are read as UTC rather than
 * as the gateway host's local time, so the answer never depends on where we run.
 * Numbers are Unix seconds (below 1e12) or milliseconds.
 */
export function normalizeDate(value: unknown): string | null {
  let millis: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    millis = value < 1e12 ? value * 1000 : value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0 || /^0000-00-00/.test(text)) return null;
    if (/^\d+$/.test(text)) return normalizeDate(Number(text));
    if (DATE_ONLY.test(text)) millis = Date.parse(`${text}T00:00:00Z`);
    else if (SQL_DATETIME.test(text) && !HAS_ZONE.test(text))
      millis = Date.parse(`${text.replace(' ', 'T')}Z`);
    else if (HAS_ZONE.test(text)) millis = Date.parse(text);
    else return null;
  } else {
    return null;
  }
  if (!Number.isFinite(millis)) return null;
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
