import type { CanonicalUser } from '@userbridge/canonical';
import {
  offsetPages,
  type ListPage,
  type ListQuery,
  type PageReadOptions,
  type StreamedPage,
  type VendorAdapter,
} from '@userbridge/vendor-core';

/** User `i` of a generated connection; `generation` lets a second sync see some of them changed. */
export type GeneratedUser = (i: number, generation: number) => Omit<CanonicalUser, 'vendorData'>;

export interface GeneratedAdapterOptions {
  name: string;
  /** The vendor kind (default: the name). */
  vendor?: string;
  /** How many users the connection holds. */
  users: number;
  maxPageSize: number;
  userAt: GeneratedUser;
}

/**
 * A list-only connection whose users are generated page by page, deterministic
 * and never held beyond the page, so a bench can sync any number of them
 * without a vendor or the memory to keep them.
 */
export class GeneratedAdapter implements VendorAdapter {
  readonly name: string;
  readonly vendor: string;
  readonly displayName: string;
  readonly capabilities = ['list'] as const;
  readonly idFormat = 'digits';
  readonly maxPageSize: number;
  /** Raised between syncs to make `userAt` answer changed users. */
  generation = 0;
  private readonly users: number;
  private readonly userAt: GeneratedUser;

  constructor(options: GeneratedAdapterOptions) {
    this.name = options.name;
    this.vendor = options.vendor ?? options.name;
    this.displayName = options.name;
    this.maxPageSize = options.maxPageSize;
    this.users = options.users;
    this.userAt = options.userAt;
  }

  isValidId(): boolean {
    return true;
  }

  async get(): Promise<never> {
    throw new Error('a generated connection is only listed');
  }

  async probe(): Promise<void> {}

  pages(options?: PageReadOptions): AsyncIterable<StreamedPage> {
    return offsetPages(this.name, (query) => this.list(query), this.maxPageSize, options);
  }

  async list({ offset, limit }: ListQuery): Promise<ListPage> {
    const end = Math.min(this.users, offset + limit);
    const users = [];
    for (let i = offset; i < end; i++)
      users.push({ user: this.userAt(i, this.generation), vendorData: {} });
    return { users, rejected: [], nextOffset: end < this.users ? end : null };
  }
}
