/** Longest vendor id the gateway puts in a path: far beyond any id a page shows, bounded all the same. */
export const MAX_VENDOR_ID_LENGTH = 128;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether a vendor id may go into a request path (percent-encoded by `pathOf`):
 * not blank, bounded, no `/` or `\\`, no `..`, no control characters. This is a
 * safety rule, not a format: a vendor whose pages state a format (Convirza's
 * positive integers) adds it on top; one whose pages do not (the desk, Credira)
 * accepts any path-safe id.
 */
export function isPathSafeId(vendorId: string): boolean {
  return (
    vendorId.trim().length > 0 &&
    vendorId.length <= MAX_VENDOR_ID_LENGTH &&
    !vendorId.includes('/') &&
    !vendorId.includes('\\') &&
    !vendorId.includes('..') &&
    !CONTROL.test(vendorId)
  );
}

export const PATH_SAFE_ID_FORMAT = `a non-blank id of at most ${MAX_VENDOR_ID_LENGTH} characters without "/", a backslash, ".." or control characters`;
