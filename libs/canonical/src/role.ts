export const CANONICAL_ROLES = ['admin', 'manager', 'member', 'read_only'] as const;
export type CanonicalRole = (typeof CANONICAL_ROLES)[number];

export function isCanonicalRole(value: unknown): value is CanonicalRole {
  return typeof value === 'string' && (CANONICAL_ROLES as readonly string[]).includes(value);
}
