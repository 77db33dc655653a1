import { ScimError } from '../scim.error';
import type { ScimFilter } from './filter.types';

/**
 * Parses a User list `filter` (RFC 7644 §3.4.2.2) and checks every attribute,
 * operator and value against what the directory can filter on.
 * @throws ScimError 400 invalidFilter naming what is wrong or unsupported.
 */
export function parseFilter(text: string): ScimFilter {
  throw new ScimError(400, 'invalidFilter', `filters are not implemented yet: ${text}`);
}
