/** Desk ids are decimal digits; 18 keeps every id inside a signed 64-bit column. */
export const DESK_ID = /^[0-9]{1,18}$/;

export const DESK_ID_FORMAT = 'digits, at most 18, e.g. 42';

export function isValidDeskId(vendorId: string): boolean {
  return DESK_ID.test(vendorId);
}
