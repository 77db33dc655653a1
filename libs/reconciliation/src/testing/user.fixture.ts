import type { ReconcileInput, ReconcileUser } from '../types';

/** A minimal user for specs: everything null/active/member unless overridden. */
export function user(id: string, overrides: Partial<ReconcileUser> = {}): ReconcileUser {
  const cut = id.indexOf(':');
  return {
    id,
    connection: id.slice(0, cut),
    vendor: id.slice(0, cut),
    vendorId: id.slice(cut + 1),
    email: null,
    phone: null,
    externalId: null,
    displayName: null,
    status: 'active',
    role: 'member',
    vendorRole: null,
    ...overrides,
  };
}

export const ALL_VENDORS = ['convirza', 'credira', 'desk'];

export function input(
  users: ReconcileUser[],
  overrides: Partial<ReconcileInput> = {},
): ReconcileInput {
  return { users, vendorsRead: ALL_VENDORS, vendorsFailed: [], ...overrides };
}
