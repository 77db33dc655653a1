/** Convirza ids are positive integers; past 2^53-1 they would not survive as JSON numbers. */
const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;

export const CONVIRZA_ID_FORMAT = 'a positive integer, e.g. 12345';

export function isValidConvirzaId(vendorId: string): boolean {
  return POSITIVE_INTEGER.test(vendorId) && Number(vendorId) <= Number.MAX_SAFE_INTEGER;
}
