import { normalizeText } from './text';

/** Trimmed and lower-cased; null when blank. Validity is not judged here: vendors hold what they hold. */
export function normalizeEmail(value: unknown): string | null {
  const text = normalizeText(value);
  return text === null ? null : text.toLowerCase();
}
