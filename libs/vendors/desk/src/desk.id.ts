import { isPathSafeId, PATH_SAFE_ID_FORMAT } from '@userbridge/vendor-core';

/** The desk page says only "id (string)": any id that is safe in a path is taken. */
export const DESK_ID_FORMAT = `${PATH_SAFE_ID_FORMAT} (the desk page says only that an id is a string)`;

export function isValidDeskId(vendorId: string): boolean {
  return isPathSafeId(vendorId);
}
