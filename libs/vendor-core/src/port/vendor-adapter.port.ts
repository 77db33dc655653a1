import { CallContext } from './call-context';
import { PageReadOptions, StreamedPage } from './page-stream';
import { ListPage, ListQuery, VendorUserRecord } from './user-record';
import { DeleteOptions, UserUpdateInput, UserWriteInput, VendorWriteRules } from './user-write';
import { VendorOperation } from './vendor-operation';

/**
 * How a vendor ends an account, for offboarding: facts of the vendor, kept in
 * its adapter so that nothing above the port tests a vendor's name.
 */
export interface AccountLifecycle {
  /**
   * The write that deactivates an account (canonical `status: "inactive"`):
   * `patch` sends only the status; `replace` sends the fields the vendor's
   * replace requires (`writeRules.replace.required`), taken from the account
   * as read, with the status; null when the vendor cannot deactivate.
   */
  readonly deactivateWith: 'patch' | 'replace' | null;
  /** Whether a delete (when `capabilities` offers one) can be undone at the vendor. */
  readonly deleteReversible: boolean;
  /** What a delete does there, in a sentence, for an offboarding plan's step. */
  readonly deleteNote?: string;
}

/** Collects every configured adapter; the registry is built from this array. */
export const VENDOR_ADAPTERS = Symbol('VENDOR_ADAPTERS');

/**
 * The one port the gateway knows. Adapters are stateless: everything they need
 * arrives by injection at construction, nothing changes afterwards.
 *
 * Every method throws DomainError subclasses only (never axios errors), and
 * checks the id with isValidId before any vendor call. The last argument of
 * each call, when given, says whose request the vendor calls are made for; the
 * adapter puts it on every VendorRequest it sends.
 */
export interface VendorAdapter {
  /**
   * The connection's name (one account at one vendor): the prefix of global
   * ids and the key of everything kept per connection. A connection configured
   * from the plain environment variables is named after its vendor.
   */
  readonly name: string;
  /** The vendor kind (`convirza`, `desk`, ...) shared by every connection to that vendor: `?vendor=`. */
  readonly vendor: string;
  /** Human name for /v1/vendors and Swagger. */
  readonly displayName: string;
  readonly capabilities: readonly VendorOperation[];
  /** Why an operation is missing from `capabilities`, for the 405 message. */
  readonly unsupportedReasons?: Partial<Record<VendorOperation, string>>;
  /** Human description of the id format, used in 400 messages. */
  readonly idFormat: string;
  /** What each offered write requires and refuses (the rules its write mapper enforces); absent without writes. */
  readonly writeRules?: VendorWriteRules;
  /** The largest `limit` one list() call serves in one vendor answer; a full sync pages at this size. */
  readonly maxPageSize?: number;
  /**
   * How an account is deactivated and whether a delete can be undone. Absent:
   * offboarding deactivates with a patch when the vendor offers one, and
   * treats every delete as irreversible.
   */
  readonly lifecycle?: AccountLifecycle;

  isValidId(vendorId: string): boolean;
  get(vendorId: string, context?: CallContext): Promise<VendorUserRecord>;
  list(query: ListQuery, context?: CallContext): Promise<ListPage>;
  /**
   * The whole connection (from `options.from`) as a stream of pages, in stream
   * order, read the way the vendor answers: a vendor that answers everyone at
   * once is read once, as a stream; a paged one at its largest page, up to
   * `options.concurrency` pages in flight where its paging allows. Positions
   * are the same as `list()`'s within one read. Paging that does not advance
   * throws `PagingStalledError`; a read that cannot finish throws, so the last
   * page handed out (`nextOffset: null`) always means the end of the list.
   */
  pages(options?: PageReadOptions): AsyncIterable<StreamedPage>;
  /** A cheap authenticated call proving the vendor is reachable and accepts our credentials. */
  probe(context?: CallContext): Promise<void>;

  create?(input: UserWriteInput, context?: CallContext): Promise<VendorUserRecord>;
  /** PUT semantics: every field the vendor requires must be present. */
  replace?(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord>;
  /** PATCH semantics: only what was given is sent. */
  patch?(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord>;
  delete?(vendorId: string, options: DeleteOptions, context?: CallContext): Promise<void>;
  /**
   * Finds the user a create with this input would have made, by the vendor's own
   * unique key (an email, a username). Used only after a create whose outcome is
   * unknown, so a retry with the same Idempotency-Key never makes a duplicate.
   */
  findCreated?(input: UserWriteInput, context?: CallContext): Promise<VendorUserRecord | null>;
}

/** Injection token of a connection's name, for adapters built by a Nest module of their own. */
export const CONNECTION_NAME = Symbol('CONNECTION_NAME');
