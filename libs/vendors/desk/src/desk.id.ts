const DIGITS = /^[0-9]{1,18}$/;

export const DESK_ID_FORMAT = 'digits only, at most 18, e.g. 42';

export function isValidDeskId(vendorId: string): boolean {
  return DIGITS.test(vendorId);
}
