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
