import { openDirectory } from '../open-directory';
import { describeEachEngine } from '../testing/engines';

let keys = 0;
const key = () => `key-${++keys}`;

describeEachEngine('KyselyIdempotencyStore', (handle, engine) => {
  const store = () => handle().directory.idempotency;

  it('claims a new key once; a second claim sees it in flight', async () => {
    const k = key();
    expect(await store().claim(k, 'f', 60_000)).toEqual({ claimed: true, previous: null });
    expect(await store().claim(k, 'f', 60_000)).toMatchObject({
      claimed: false,
      current: { state: 'in_flight', fingerprint: 'f' },
    });
  });

  it('keeps a completed response until it expires', async () => {
    const k = key();
    await store().claim(k, 'f', 60_000);
    await store().complete(k, 'f', { status: 201, body: { id: 'x', list: [1, 2] } }, 400);
    expect(await store().claim(k, 'f', 60_000)).toMatchObject({
      claimed: false,
      current: { state: 'completed', response: { status: 201, body: { id: 'x', list: [1, 2] } } },
    });
    let result = await store().claim(k, 'f', 60_000);
    for (let i = 0; i < 40 && !result.claimed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = await store().claim(k, 'f', 60_000);
    }
    expect(result).toEqual({ claimed: true, previous: null });
  });

  it('lets an unknown outcome be claimed again with the same body, handing back the record', async () => {
    const k = key();
    await store().markUnknown(k, 'f', 60_000);
    expect(await store().claim(k, 'other', 60_000)).toMatchObject({
      claimed: false,
      current: { state: 'unknown' },
    });
    expect(await store().claim(k, 'f', 60_000)).toMatchObject({
      claimed: true,
      previous: { state: 'unknown', fingerprint: 'f' },
    });
  });

  it('forgets a released key', async () => {
    const k = key();
    await store().claim(k, 'f', 60_000);
    await store().release(k);
    expect(await store().claim(k, 'f', 60_000)).toEqual({ claimed: true, previous: null });
  });

  if (engine === 'postgres')
    it('agrees across two processes sharing the database: one claim wins, the other replays', async () => {
      const other = await openDirectory({ databaseUrl: handle().databaseUrl! });
      try {
        const k = key();
        const results = await Promise.all([
          store().claim(k, 'f', 60_000),
          other.idempotency.claim(k, 'f', 60_000),
          store().claim(k, 'f', 60_000),
          other.idempotency.claim(k, 'f', 60_000),
        ]);
        expect(results.filter((result) => result.claimed)).toHaveLength(1);
        await store().complete(k, 'f', { status: 201, body: { ok: true } }, 60_000);
        expect(await other.idempotency.claim(k, 'f', 60_000)).toMatchObject({
          claimed: false,
          current: { state: 'completed', response: { status: 201, body: { ok: true } } },
        });
      } finally {
        await other.close();
      }
    });
});
