import { VendorNotFoundError } from '@userbridge/vendor-core';
import type { CallContext, VendorAdapter, VendorUserRecord } from '@userbridge/vendor-core';

export type LiveAccount = VendorUserRecord['user'];

/** The account as the vendor holds it now; null when the vendor answers it has no such user. */
export async function readLive(
  adapter: VendorAdapter,
  vendorId: string,
  context?: CallContext,
): Promise<LiveAccount | null> {
  try {
    return (await adapter.get(vendorId, context)).user;
  } catch (error) {
    if (error instanceof VendorNotFoundError) return null;
    throw error;
  }
}

/**
 * At most `limit` tasks at once per connection: a bulk plan or run never
 * floods one vendor, while connections proceed side by side. The vendor's
 * client still honours its rate limit (Retry-After) and breaker per call.
 */
export class ConnectionLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {}

  async run<T>(connection: string, task: () => Promise<T>): Promise<T> {
    if ((this.running.get(connection) ?? 0) >= this.limit)
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(connection) ?? [];
        queue.push(resolve);
        this.waiting.set(connection, queue);
      });
    else this.running.set(connection, (this.running.get(connection) ?? 0) + 1);
    try {
      return await task();
    } finally {
      const next = this.waiting.get(connection)?.shift();
      // The slot passes to the next waiter as it is; with none, it is freed.
      if (next) next();
      else this.running.set(connection, (this.running.get(connection) ?? 1) - 1);
    }
  }
}
