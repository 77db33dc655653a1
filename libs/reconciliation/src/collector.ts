/**
 * A reusable scratch list. Per-identity lists built with push() and then
 * copied are garbage 170k times over in a large run; one collector reused
 * across identities allocates only the exactly sized copy that is kept.
 * (Setting `length = 0` would release the backing store, so a count is kept.)
 */
export class Collector<T> {
  private readonly items: T[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  add(item: T): void {
    this.items[this.count++] = item;
  }

  at(index: number): T {
    return this.items[index];
  }

  /** An exactly sized copy of the collected items. */
  take(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[i];
    return out;
  }
}
