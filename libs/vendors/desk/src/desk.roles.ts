import { CanonicalRole, roleFromKeywords } from '@userbridge/canonical';

/** The desk's seeded roles (assumed ids: 1 Admin, 2 Supervisor, 3 Agent, 4 Viewer). */
export const DESK_ROLES: readonly { id: number; name: string; canonical: CanonicalRole }[] = [
  { id: 1, name: 'Admin', canonical: 'admin' },
  { id: 2, name: 'Supervisor', canonical: 'manager' },
  { id: 3, name: 'Agent', canonical: 'member' },
  { id: 4, name: 'Viewer', canonical: 'read_only' },
];

export function canonicalDeskRole(name: string | null): CanonicalRole {
  const row = DESK_ROLES.find((r) => r.name.toLowerCase() === (name ?? '').toLowerCase());
  return row ? row.canonical : roleFromKeywords(name);
}

export function deskRoleIdFor(role: CanonicalRole): number {
  const row = DESK_ROLES.find((r) => r.canonical === role);
  // Every canonical role has a desk counterpart; the table above is total.
  return row ? row.id : 3;
}
