import type { Directory } from '../directory.port';
import { openDirectory } from '../open-directory';
import { describeEachEngine } from '../testing/engines';
import { canonicalUser } from '../testing/fake-adapter';
import type { AttemptRecord, NewWebhookEndpoint } from '../webhooks.port';

const endpoint = (id: string): NewWebhookEndpoint => ({
  id,
  url: `https://hooks.example.com/${id}`,
  description: null,
  events: null,
  connections: null,
  ownerLabel: 'admin',
  ownerConnections: null,
  secret: `whsec_${id}`,
});

const message = (sequence: number) => ({
  webhookId: `msg_${sequence}`,
  eventType: 'user.created',
  sequence,
  body: JSON.stringify({ sequence }),
});

const attempt = (
  messageId: number,
  endpointId: string,
  owner: string,
  rest: Partial<AttemptRecord>,
): AttemptRecord => ({
  messageId,
  endpointId,
  owner,
  durationMs: 3,
  statusCode: 200,
  outcome: 'succeeded',
  error: null,
  next: { status: 'delivered' },
  disableAfterMs: 3_600_000,
  ...rest,
});

describeEachEngine('KyselyWebhookStore', (handle, engine) => {
  const directory = () => handle().directory;

  it('starts a new endpoint at the end of the feed and moves its cursor by compare-and-set', async () => {
    await directory().users.recordWrite(canonicalUser('desk', '1', { email: 'a@example.com' }));
    const latest = await directory().changes.latestSequence();
    const created = await directory().webhooks.create(endpoint('wh_cas'));
    expect(created).toMatchObject({ cursor: latest, enabled: true, disabledReason: null });
    expect(
      await directory().webhooks.advance('wh_cas', latest, latest + 2, [message(latest + 1)]),
    ).toBe(true);
    // A second dispatcher that read the old cursor writes nothing.
    expect(
      await directory().webhooks.advance('wh_cas', latest, latest + 2, [message(latest + 1)]),
    ).toBe(false);
    expect((await directory().webhooks.get('wh_cas'))?.cursor).toBe(latest + 2);
    expect(await directory().webhooks.deliveries('wh_cas', { limit: 10 })).toHaveLength(1);
  });

  it("leases one message per endpoint at a time, in order, and hands a dead holder's message over", async () => {
    const store = directory().webhooks;
    const ep = await store.create(endpoint('wh_order'));
    await store.advance(
      ep.id,
      ep.cursor,
      ep.cursor + 3,
      [1, 2, 3].map((n) => message(ep.cursor + n)),
    );

    const first = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(first.map((m) => m.sequence)).toEqual([ep.cursor + 1]);
    expect(first[0]).toMatchObject({
      attempt: 1,
      secrets: ['whsec_wh_order'],
      webhookId: `msg_${ep.cursor + 1}`,
    });
    // Leased: nobody gets it, and nobody gets the next one before it.
    expect((await store.claim('p2', 60_000, 10)).filter((m) => m.endpointId === ep.id)).toEqual([]);

    // A failure with a retry at once: the same message comes back, with the next attempt number.
    await store.recordAttempt(
      attempt(first[0].id, ep.id, 'p1', {
        statusCode: 500,
        outcome: 'failed',
        error: 'HTTP 500',
        next: { status: 'pending', delayMs: 0 },
      }),
    );
    const again = (await store.claim('p2', 1, 10)).filter((m) => m.endpointId === ep.id);
    expect(again.map((m) => [m.id, m.attempt])).toEqual([[first[0].id, 2]]);
    // p2 "dies": its 1 ms lease runs out and p3 takes the message over; p2's late answer changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const takeover = (await store.claim('p3', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(takeover.map((m) => [m.id, m.attempt])).toEqual([[first[0].id, 3]]);
    await store.recordAttempt(attempt(first[0].id, ep.id, 'p2', {}));
    expect(
      (await store.deliveries(ep.id, { limit: 10 })).find((m) => m.id === first[0].id)?.status,
    ).toBe('pending');
    await store.recordAttempt(attempt(first[0].id, ep.id, 'p3', {}));
    const next = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(next.map((m) => m.sequence)).toEqual([ep.cursor + 2]);

    // After its last retry a message is failed, redeliverable, and the next one proceeds.
    await store.recordAttempt(
      attempt(next[0].id, ep.id, 'p1', {
        outcome: 'timeout',
        statusCode: null,
        error: 'timed out',
        next: { status: 'failed' },
      }),
    );
    const third = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(third.map((m) => m.sequence)).toEqual([ep.cursor + 3]);
    await store.recordAttempt(attempt(third[0].id, ep.id, 'p1', {}));
    expect(await store.redeliver(ep.id, next[0].id)).toBe(true);
    const redelivered = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(redelivered.map((m) => [m.id, m.webhookId, m.attempt])).toEqual([
      [next[0].id, `msg_${ep.cursor + 2}`, 1],
    ]);
    await store.recordAttempt(attempt(redelivered[0].id, ep.id, 'p1', {}));

    const history = await store.deliveries(ep.id, { limit: 10 });
    expect(history.map((m) => [m.sequence, m.status])).toEqual([
      [ep.cursor + 3, 'delivered'],
      [ep.cursor + 2, 'delivered'],
      [ep.cursor + 1, 'delivered'],
    ]);
    expect(history[2].history.map((a) => a.outcome)).toEqual(['failed', 'succeeded', 'succeeded']);
  });

  it('replays with the same webhook-ids, disables on 410 and after failing too long, and resumes when enabled', async () => {
    const store = directory().webhooks;
    const ep = await store.create(endpoint('wh_replay'));
    const base = ep.cursor;
    await store.advance(ep.id, base, base + 1, [message(base + 1)]);
    const [sent] = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    await store.recordAttempt(attempt(sent.id, ep.id, 'p1', {}));

    const rewound = await store.rewind(ep.id, base);
    expect(rewound?.cursor).toBe(base);
    expect(
      await store.advance(ep.id, base, base + 1, [{ ...message(base + 1), webhookId: 'other' }]),
    ).toBe(true);
    const [replayed] = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect([replayed.id, replayed.webhookId]).toEqual([sent.id, `msg_${base + 1}`]);

    await store.recordAttempt(
      attempt(replayed.id, ep.id, 'p1', {
        statusCode: 410,
        outcome: 'gone',
        error: 'HTTP 410',
        next: { status: 'pending', delayMs: 0 },
      }),
    );
    expect(await store.get(ep.id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
    // Disabled: nothing is claimed, the cursor does not move.
    expect((await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id)).toEqual([]);
    expect(await store.advance(ep.id, base + 1, base + 2, [])).toBe(false);
    expect((await store.dispatchTargets()).map((t) => t.id)).not.toContain(ep.id);

    expect(await store.update(ep.id, { enabled: true })).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
    const [resumed] = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(resumed.id).toBe(sent.id);
    // A failure after the allowed failing time (0 ms here) disables with reason `failing`.
    await store.recordAttempt(
      attempt(resumed.id, ep.id, 'p1', {
        statusCode: 503,
        outcome: 'failed',
        error: 'HTTP 503',
        next: { status: 'pending', delayMs: 0 },
        disableAfterMs: 3_600_000,
      }),
    );
    expect((await store.get(ep.id))?.enabled).toBe(true);
    const [retry] = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.recordAttempt(
      attempt(retry.id, ep.id, 'p1', {
        statusCode: 503,
        outcome: 'failed',
        error: 'HTTP 503',
        next: { status: 'pending', delayMs: 0 },
        disableAfterMs: 1,
      }),
    );
    expect(await store.get(ep.id)).toMatchObject({ enabled: false, disabledReason: 'failing' });

    const rotated = await store.rotateSecret(ep.id, 'whsec_new', 60_000);
    expect(rotated?.previousSecretUntil).not.toBeNull();
    await store.update(ep.id, { enabled: true });
    const [signed] = (await store.claim('p1', 60_000, 10)).filter((m) => m.endpointId === ep.id);
    expect(signed.secrets).toEqual(['whsec_new', 'whsec_wh_replay']);
    await store.recordAttempt(attempt(signed.id, ep.id, 'p1', {}));
    expect(await store.prune(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await store.remove(ep.id)).toBe(true);
    expect(await store.get(ep.id)).toBeNull();
  });

  if (engine === 'postgres')
    it('gives each message to one of several processes claiming at once', async () => {
      const others: Directory[] = await Promise.all(
        [1, 2, 3].map(() => openDirectory({ databaseUrl: handle().databaseUrl as string })),
      );
      try {
        const store = directory().webhooks;
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          const ep = await store.create(endpoint(`wh_race_${i}`));
          await store.advance(ep.id, ep.cursor, ep.cursor + 1, [message(ep.cursor + 1)]);
          ids.push(ep.id);
        }
        const claims = await Promise.all(
          [directory(), ...others].flatMap((d, p) =>
            [0, 1, 2].map((round) => d.webhooks.claim(`p${p}-${round}`, 60_000, 100)),
          ),
        );
        const claimed = claims.flat().filter((m) => ids.includes(m.endpointId));
        expect(claimed.map((m) => m.endpointId).sort()).toEqual([...ids].sort());
      } finally {
        await Promise.all(others.map((d) => d.close()));
      }
    });
});
