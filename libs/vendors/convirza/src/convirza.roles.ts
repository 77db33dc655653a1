import { CanonicalRole, roleFromKeywords } from '@userbridge/canonical';
import { ConvirzaRoleName } from './convirza.types';

interface RoleRow {
  id: number;
  /** The name writes and Get User use. */
  name: ConvirzaRoleName;
  /** The name list items use (assumed beyond the documented "Standard User"). */
  listName: string;
  canonical: CanonicalRole;
}

/** Convirza's three roles. Canonical `manager` has no counterpart here. */
export const CONVIRZA_ROLES: readonly RoleRow[] = [
  { id: 1, name: 'Admin', listName: 'Admin', canonical: 'admin' },
  { id: 2, name: 'Standard', listName: 'Standard User', canonical: 'member' },
  { id: 3, name: 'ReadOnly', listName: 'Read Only User', canonical: 'read_only' },
];

/** From a role id, a Get User role name or a list-item role name; unknown names map by keyword. */
export function canonicalRoleOf(roleId: unknown, roleName: string | null): CanonicalRole {
  const byId = CONVIRZA_ROLES.find((row) => row.id === Number(roleId));
  if (byId) return byId.canonical;
  const key = (roleName ?? '').toLowerCase();
  const byName = CONVIRZA_ROLES.find(
    (row) => row.name.toLowerCase() === key || row.listName.toLowerCase() === key,
  );
  return byName ? byName.canonical : roleFromKeywords(roleName);
}

export function roleRowFor(role: CanonicalRole): RoleRow | undefined {
  return CONVIRZA_ROLES.find((row) => row.canonical === role);
}

export function roleNameOfId(roleId: unknown): string | null {
  return CONVIRZA_ROLES.find((row) => row.id === Number(roleId))?.name ?? null;
}

/** A list item's role display name as the role's own name ("Standard User" -> "Standard"); unknown kept. */
export function roleNameOfListName(listName: string | null): string | null {
  if (listName === null) return null;
  const key = listName.toLowerCase();
  return CONVIRZA_ROLES.find((row) => row.listName.toLowerCase() === key)?.name ?? listName;
}
