/** Largest request body accepted; larger ones are a 413 before any parsing. */
export const BODY_LIMIT_BYTES = 100 * 1024;
