import type { StoredCanonicalUser } from '../directory.port';
import {
  offsetPages,
  rawMember,
  readListRecords,
  VendorFailureError,
  VendorNotFoundError,
  type PageReadOptions,
  type StreamedPage,
  type ListPage,
  type ListQuery,
  type VendorAdapter,
  type VendorUserRecord,
} from '@userbridge/vendor-core';

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
  /** When set, `gate` holds only the list call of this page number (0-based). */
  gatePage: number | null = null;
  calls: ListQuery[] = [];
  /** Ids asked of get(), in order. */
  gets: string[] = [];
  /** Thrown by get() instead of answering (a vendor timing out, refusing). */
  getFault: Error | null = null;
  /** Whether list pages state the list's total (the number of users now, unless `statedTotal`). */
  reportsTotal = false;
  /** A total the list states whatever it holds (a vendor whose count is wrong). */
  statedTotal: number | null = null;
  /** From this page number (0-based) on, list() ignores the offset and answers the first page again. */
  ignoreOffsetFrom: number | null = null;
  /** Runs before each list page is served (0-based page number): to change the vendor mid-read. */
  beforePage: ((pageNumber: number) => void | Promise<void>) | null = null;
  /**
   * Whether list() honours `sources` (its items unmapped, as the vendors'
   * adapters hand them to a sync): a user's item is the user as JSON, a
   * rejected record an item the mapping refuses. Off: every page comes mapped.
   */
  sources = true;
  /** The mapping version its items' digests carry (a new one maps every item again). */
  mapping = 'fake/1';
  /** Items mapped so far (users and refused records), through `sources` or not. */
  mapped = 0;

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

  async get(vendorId: string): Promise<VendorUserRecord> {
    this.gets.push(vendorId);
    if (this.getFault) throw this.getFault;
    const user = this.users.find((candidate) => candidate.vendorId === vendorId);
    if (!user) throw new VendorNotFoundError(this.name, vendorId);
    return { user, vendorData: {} };
  }

  async probe(): Promise<void> {}

  /** Its offset paging, through the same pager Convirza and Credira use. */
  pages(options?: PageReadOptions): AsyncIterable<StreamedPage> {
    return offsetPages(this.name, (query) => this.list(query), this.maxPageSize, options);
  }

  async list(query: ListQuery): Promise<ListPage> {
    this.calls.push(query);
    const pageNumber = this.calls.length - 1;
    if (this.gate && (this.gatePage === null || this.gatePage === pageNumber)) await this.gate;
    if (this.fault && this.fault.atPage === pageNumber) throw this.fault.error;
    await this.beforePage?.(pageNumber);
    const from =
      this.ignoreOffsetFrom !== null && pageNumber >= this.ignoreOffsetFrom ? 0 : query.offset;
    const slice = this.users.slice(from, from + query.limit);
    const end = query.offset + slice.length;
    const rejected = this.rejected.filter((record) => record.atPage === pageNumber);
    const paging = {
      nextOffset: end < this.users.length ? end : null,
      ...(this.reportsTotal || this.statedTotal !== null
        ? { total: this.statedTotal ?? this.users.length }
        : {}),
    };
    if (query.sources && this.sources) {
      // Users first, then the refused records, as the mapped page lists them.
      const items: unknown[] = [
        ...slice,
        ...rejected.map(({ vendorId, reason }) => ({ vendorId, refused: reason })),
      ];
      return {
        ...readListRecords(
          items,
          query.offset,
          (item) => {
            this.mapped++;
            const refused = rawMember(item, 'refused');
            if (typeof refused === 'string') throw new VendorFailureError(this.name, refused);
            return { user: item as StoredCanonicalUser, vendorData: { secret: 'never stored' } };
          },
          (item) => rawMember(item, 'vendorId'),
          this.mapping,
        ),
        ...paging,
      };
    }
    this.mapped += slice.length + rejected.length;
    return {
      users: slice.map((user) => ({ user, vendorData: { secret: 'never stored' } })),
      rejected: rejected.map(({ vendorId, reason }) => ({ vendorId, reason })),
      ...paging,
    };
  }
}
