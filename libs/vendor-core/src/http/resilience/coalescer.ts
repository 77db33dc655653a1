/**
 * Shares one in-flight promise among concurrent identical calls: fifty callers
 * asking for the same user at once cost the vendor one request. Nothing is
 * cached once the call settles.
 */
export class Coalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = call().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
