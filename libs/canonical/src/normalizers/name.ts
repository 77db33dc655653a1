import { normalizeText } from './text';

export interface PersonName {
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
}

/** Collapses inner runs of whitespace so "John   Doe" and "John Doe" read the same. */
function clean(value: unknown): string | null {
  const text = normalizeText(value);
  return text === null ? null : text.replace(/\s+/gu, ' ');
}

/** From separate first/last names; displayName joins whatever is known. */
export function namesFromParts(first: unknown, last: unknown): PersonName {
  const firstName = clean(first);
  const lastName = clean(last);
  const joined = [firstName, lastName].filter((p): p is string => p !== null).join(' ');
  return { firstName, lastName, displayName: joined.length > 0 ? joined : null };
}

/**
 * Splits a single full name: the last word is the last name, the rest the first
 * name. A mononym ("Madonna") is a first name with no last name.
 */
export function namesFromFullName(full: unknown): PersonName {
  const displayName = clean(full);
  if (displayName === null) return { firstName: null, lastName: null, displayName: null };
  const cut = displayName.lastIndexOf(' ');
  if (cut < 0) return { firstName: displayName, lastName: null, displayName };
  return {
    firstName: displayName.slice(0, cut),
    lastName: displayName.slice(cut + 1),
    displayName,
  };
}
