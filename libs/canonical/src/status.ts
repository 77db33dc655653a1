export const USER_STATUSES = ['active', 'inactive', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === 'string' && (USER_STATUSES as readonly string[]).includes(value);
}

/**
 * A vendor's status word through its table (matched trimmed, case-insensitive).
 * An unknown word reads as inactive: claiming "active" for a state we do not
 * understand could hide an offboarding gap. Callers keep the raw value in vendorData.
 */
export function statusFromTable(
  value: unknown,
  table: Readonly<Record<string, UserStatus>>,
): UserStatus {
  const key = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : 'inactive';
}
