import type { StoredCanonicalUser } from '../directory.port';
import type { ListPage, ListQuery, VendorAdapter } from '@userbridge/vendor-core';

/**
 * A canonical user of the connection `connection` (its vendor kind the same
 * name unless overridden) with everything filled in; override what a test cares about.
 */
export function canonicalUser(
  connection: string,
  vendorId: string,
  overrides: Partial<StoredCanonicalUser> = {},
): StoredCanonicalUser {
  return {
    id: `${connection}:${vendorId}`,
    connection,
    vendor: connection,
    vendorId,
    email: `user${vendorId}@example.com`,
    username: `user${vendorId}`,
    firstName: 'Ada',
    lastName: `Lovelace${vendorId}`,
    displayName: `Ada Lovelace${vendorId}`,
    phone: null,
    role: 'member',
    vendorRole: 'Standard',
    status: 'active',
    timezone: 'Europe/London',
    language: 'en-GB',
    groups: [{ id: '1', name: 'Sales' }],
    externalId: null,
    permissions: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    lastLoginAt: null,
    ...overrides,
  };
}

export interface FakeFault {
  /** Page number (0-based) at which list() throws. */
  atPage: number;
  error: Error;
}

/**
 * An in-process VendorAdapter over a mutable list: the port, not a stand-in
 * for HTTP (the HTTP path is covered by the gateway's e2e tests). Counts calls.
 */
export class FakeAdapter implements VendorAdapter {
  readonly displayName: string;
  readonly capabilities = ['get', 'list'] as const;
  readonly idFormat = 'any text';
  users: StoredCanonicalUser[] = [];
  rejected: { atPage: number; vendorId: string | null; reason: string }[] = [];
  fault: FakeFault | null = null;
  /** Holds list() until released, to observe a run in progress. */
  gate: Promise<void> | null = null;
  calls: ListQuery[] = [];

  constructor(
    readonly name: string,
    readonly maxPageSize = 100,
    /** The vendor kind; the connection's name when not given (a connection from the environment). */
    readonly vendor: string = name,
  ) {
    this.displayName = name;
  }

  isValidId(): boolean {
    return true;
  }

  async get(): Promise<never> {
    throw new Error('not used by the sync');
  }

  async probe(): Promise<void> {}

  async list(query: ListQuery): Promise<ListPage> {
    this.calls.push(query);
    if (this.gate) await this.gate;
    const pageNumber = this.calls.length - 1;
    if (this.fault && this.fault.atPage === pageNumber) throw this.fault.error;
    const slice = this.users.slice(query.offset, query.offset + query.limit);
    const end = query.offset + slice.length;
    return {
      users: slice.map((user) => ({ user, vendorData: { secret: 'never stored' } })),
      nextOffset: end < this.users.length ? end : null,
      rejected: this.rejected
        .filter((record) => record.atPage === pageNumber)
        .map(({ vendorId, reason }) => ({ vendorId, reason })),
    };
  }
}
