import { isPathSafeId, PATH_SAFE_ID_FORMAT } from '@userbridge/vendor-core';

/**
 * Credira's pages show one example id (`user_123456789`) and state no format:
 * any id that is safe in a path is taken, and Credira itself answers 400
 * "Invalid user ID format" for one it does not know the shape of.
 */
export const CREDIRA_ID_FORMAT = `${PATH_SAFE_ID_FORMAT}, e.g. user_123456789`;

export function isValidCrediraId(vendorId: string): boolean {
  return isPathSafeId(vendorId);
}
