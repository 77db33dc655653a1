import { InMemoryIdempotencyStore } from './in-memory-idempotency.store';

describe('InMemoryIdempotencyStore', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('claims a new key once; a second claim sees it in flight', async () => {
    const store = new InMemoryIdempotencyStore(10, clock);
    expect(await store.claim('k', 'f', 1000)).toEqual({ claimed: true, previous: null });
    expect(await store.claim('k', 'f', 1000)).toMatchObject({
      claimed: false,
      current: { state: 'in_flight' },
    });
  });

  it('keeps a completed response until it expires', async () => {
    const store = new InMemoryIdempotencyStore(10, clock);
    await store.claim('k', 'f', 1000);
    await store.complete('k', 'f', { status: 201, body: { id: 'x' } }, 1000);
    expect(await store.claim('k', 'f', 1000)).toMatchObject({
      claimed: false,
      current: { state: 'completed', response: { status: 201 } },
    });
    now += 1000;
    expect(await store.claim('k', 'f', 1000)).toEqual({ claimed: true, previous: null });
  });

  it('lets an unknown outcome be claimed again with the same body, handing back the record', async () => {
    const store = new InMemoryIdempotencyStore(10, clock);
    await store.markUnknown('k', 'f', 1000);
    expect(await store.claim('k', 'f', 1000)).toMatchObject({
      claimed: true,
      previous: { state: 'unknown' },
    });
  });

  it('refuses an unknown outcome claimed with another body', async () => {
    const store = new InMemoryIdempotencyStore(10, clock);
    await store.markUnknown('k', 'f', 1000);
    expect(await store.claim('k', 'other', 1000)).toMatchObject({
      claimed: false,
      current: { state: 'unknown' },
    });
  });

  it('forgets released keys and evicts the oldest past the bound', async () => {
    const store = new InMemoryIdempotencyStore(2, clock);
    await store.claim('a', 'f', 1000);
    await store.release('a');
    expect(store.size).toBe(0);
    await store.claim('a', 'f', 1000);
    await store.claim('b', 'f', 1000);
    await store.claim('c', 'f', 1000);
    expect(store.size).toBe(2);
    expect(await store.claim('a', 'f', 1000)).toMatchObject({ claimed: true });
  });
});
