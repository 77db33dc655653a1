import {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from './idempotency.store';

/**
 * One process's records. Expired records are dropped when touched and by an
 * occasional sweep; past `maxEntries` the oldest go first, so memory stays bounded.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private operations = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<ClaimResult> {
    this.maintain();
    const current = this.live(key);
    if (current && current.state !== 'unknown') return { claimed: false, current };
    if (current && current.fingerprint !== fingerprint) return { claimed: false, current };
    this.set(key, { state: 'in_flight', fingerprint, expiresAt: this.now() + ttlMs });
    return { claimed: true, previous: current };
  }

  async complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<void> {
    this.set(key, { state: 'completed', fingerprint, response, expiresAt: this.now() + ttlMs });
  }

  async markUnknown(key: string, fingerprint: string, ttlMs: number): Promise<void> {
    this.set(key, { state: 'unknown', fingerprint, expiresAt: this.now() + ttlMs });
  }

  async release(key: string): Promise<void> {
    this.records.delete(key);
  }

  get size(): number {
    return this.records.size;
  }

  private live(key: string): IdempotencyRecord | null {
    const record = this.records.get(key);
    if (!record) return null;
    if (record.expiresAt <= this.now()) {
      this.records.delete(key);
      return null;
    }
    return record;
  }

  private set(key: string, record: IdempotencyRecord): void {
    // Re-inserting moves the key to the end, keeping Map order oldest-first.
    this.records.delete(key);
    this.records.set(key, record);
    while (this.records.size > this.maxEntries) {
      const oldest = this.records.keys().next().value as string;
      this.records.delete(oldest);
    }
  }

  private maintain(): void {
    if (++this.operations % 1000 !== 0) return;
    const now = this.now();
    for (const [key, record] of this.records) if (record.expiresAt <= now) this.records.delete(key);
  }
}
