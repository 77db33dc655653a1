import { isAscii } from './keys';

function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** True when the string already has single inner spaces and no edge whitespace. */
function isCollapsed(value: string): boolean {
  let previousSpace = true;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isSpace(code)) {
      if (code !== 0x20 || previousSpace) return false;
      previousSpace = true;
    } else previousSpace = false;
  }
  return !previousSpace || value.length === 0;
}

/**
 * Collapses whitespace runs to one space and trims, by hand: this runs once per
 * account, and almost every name is already clean, so the scan usually returns
 * the string itself without allocating.
 */
export function collapseSpaces(value: string): string {
  if (isCollapsed(value)) return value;
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isSpace(code)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += value[i];
  }
  return out;
}

/**
 * The form display names are compared in: NFC, lower-case, whitespace collapsed.
 * Null when there is no name to compare.
 */
export function normalizeName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const composed = isAscii(name) ? name : name.normalize('NFC');
  const collapsed = collapseSpaces(composed.toLowerCase());
  return collapsed.length === 0 ? null : collapsed;
}

const COMBINING_MARKS = /\p{M}+/gu;

/** A normalized name with diacritics removed, so "zoë" and "zoe" support the same link. */
export function foldName(normalized: string): string {
  if (isAscii(normalized)) return normalized;
  return normalized.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** A "full" name has at least two words; a lone first name is too common to suggest a duplicate. */
export function isFullName(normalized: string): boolean {
  return normalized.indexOf(' ') > 0;
}
