import type { VendorUserRecord } from './user-record';

/**
 * Who a vendor call is made for, handed down explicitly from the request that
 * needs it to the HTTP client, so the call's log line names that request.
 * Absent for background work (a scheduled sync). Passed by hand rather than
 * kept in an AsyncLocalStorage: with one in use, every promise in the process
 * pays Node 20's async hooks (docs/performance.md, "Why the hot path is built
 * as it is").
 */
export interface CallContext {
  /** The id of the gateway request the call is made for. */
  readonly reqId?: string;
  /**
   * Told the user as an update read it before writing (a read-merge-write
   * adapter's own read), so the write path knows "before" without a vendor
   * call of its own. Adapters that do not read first never call it.
   */
  readonly currentRead?: (user: VendorUserRecord['user']) => void;
}
