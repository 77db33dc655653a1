import fc from 'fast-check';
import { reconcile, summarize } from '@userbridge/reconciliation';
import type { Directory, StoredCanonicalUser, SyncRun } from '../directory.port';
import { describeEachEngine } from '../testing/engines';
import { canonicalUser, FakeAdapter } from '../testing/fake-adapter';

async function sync(directory: Directory, adapter: FakeAdapter): Promise<SyncRun> {
  return (await (
    await directory.sync.start(adapter)
  ).done) as SyncRun;
}

/** Connections named after their vendor, as the environment set-up configures them. */
const connectionsOf = (...names: string[]) => names.map((name) => ({ name, vendor: name }));

describeEachEngine('KyselyReconciliationStore', (handle) => {
  const directory = () => handle().directory;
  const credira = new FakeAdapter('credira', 100);
  const desk = new FakeAdapter('desk', 100);
  const person = (vendor: string, id: string, email: string, status: 'active' | 'inactive') =>
    canonicalUser(vendor, id, {
      email,
      firstName: 'Pat',
      lastName: email.split('@')[0],
      displayName: `Pat ${email.split('@')[0]}`,
      status,
    });

  it('reports nothing until a vendor is synced, and never "missing" for an unsynced vendor', async () => {
    const run = await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    expect(run).toMatchObject({
      outcome: 'succeeded',
      vendorsRead: [],
      vendorsFailed: [
        { vendor: 'credira', code: 'not_synced' },
        { vendor: 'desk', code: 'not_synced' },
      ],
      totals: { users: 0, identities: 0 },
    });
  });

  it('keeps first_seen of a gap open across runs, resolves it when it closes, and shows the history', async () => {
    credira.users = [
      person('credira', 'c1', 'gap@example.com', 'inactive'),
      person('credira', 'c2', 'fine@example.com', 'active'),
      ...Array.from({ length: 30 }, (_, i) =>
        person('credira', `m${i}`, `m${i}@example.com`, 'active'),
      ),
    ];
    desk.users = [
      person('desk', '1', 'gap@example.com', 'active'),
      person('desk', '2', 'fine@example.com', 'active'),
      ...Array.from({ length: 30 }, (_, i) =>
        person('desk', `${100 + i}`, `m${i}@example.com`, 'active'),
      ),
    ];
    await sync(directory(), credira);
    await sync(directory(), desk);

    const first = await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    expect(first.totals).toMatchObject({ users: 64, identities: 32 });
    const gapPage = await directory().reconciliation.listIdentities({
      limit: 10,
      filter: { conflict: 'status_mismatch' },
    });
    expect(gapPage?.run.id).toBe(first.id);
    expect(gapPage?.identities).toHaveLength(1);
    const gap = gapPage!.identities[0];
    expect(gap.members.map((member) => member.id)).toEqual(['credira:c1', 'desk:1']);
    const firstSeenAt = gap.conflicts.find((c) => c.type === 'status_mismatch')!.firstSeenAt;
    expect(Date.parse(firstSeenAt)).not.toBeNaN();

    const summary = await directory().reconciliation.summary();
    expect(summary?.summary.conflicts.status_mismatch).toBe(1);
    expect(summary?.oldestOpenGaps).toEqual([
      {
        activeConnection: 'desk',
        inactiveConnection: 'credira',
        identityId: gap.id,
        message: expect.stringContaining('active at desk'),
        firstSeenAt,
      },
    ]);

    const second = await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    expect(second.totals).toMatchObject({ opened: 0, resolved: 0 });
    const again = await directory().reconciliation.listIdentities({
      limit: 10,
      filter: { conflict: 'status_mismatch' },
    });
    expect(again?.run.id).toBe(second.id);
    expect(
      again?.identities[0].conflicts.find((c) => c.type === 'status_mismatch')?.firstSeenAt,
    ).toBe(firstSeenAt);

    // The desk account is offboarded too: the gap closes at the next round.
    desk.users = desk.users.map((user) =>
      user.id === 'desk:1' ? { ...user, status: 'inactive' } : user,
    );
    await sync(directory(), desk);
    const third = await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    expect(third.totals.resolved).toBeGreaterThanOrEqual(1);
    const history = await directory().reconciliation.history('desk:1');
    const closed = history.find((entry) => entry.type === 'status_mismatch');
    expect(closed).toMatchObject({ firstSeenAt, identityId: gap.id });
    expect(closed?.resolvedAt).not.toBeNull();
    expect(await directory().reconciliation.history(gap.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'status_mismatch' })]),
    );
    expect((await directory().reconciliation.summary())?.oldestOpenGaps).toEqual([]);

    // The feed says so: one gap_opened (the first run), one gap_resolved (the third), nothing for the second.
    const events = await directory().changes.list({
      after: 0,
      limit: 100,
      kinds: ['gap_opened', 'gap_resolved'],
    });
    expect(events.changes).toEqual([
      expect.objectContaining({
        kind: 'gap_opened',
        source: 'reconciliation',
        identityId: gap.id,
        userId: null,
        connection: null,
        connections: ['credira', 'desk'],
        details: expect.objectContaining({
          type: 'status_mismatch',
          members: ['credira:c1', 'desk:1'],
          reconciliationRunId: first.id,
        }),
      }),
      expect.objectContaining({
        kind: 'gap_resolved',
        identityId: gap.id,
        connections: ['credira', 'desk'],
        details: expect.objectContaining({ reconciliationRunId: third.id }),
      }),
    ]);
    // A reader limited to one of the two connections does not see an event touching the other.
    expect(
      (
        await directory().changes.list({ after: 0, limit: 1000, connections: ['desk'] })
      ).changes.filter((entry) => entry.kind === 'gap_opened'),
    ).toEqual([]);
    expect(
      (
        await directory().changes.list({
          after: 0,
          limit: 1000,
          connections: ['desk', 'credira'],
          kinds: ['gap_opened'],
        })
      ).changes,
    ).toHaveLength(1);
  });

  it('does not resolve conflicts of a vendor that was not read this round', async () => {
    const open = async () =>
      (await directory().reconciliation.history('desk:2')).filter((e) => e.resolvedAt === null);
    desk.users = desk.users.map((user) =>
      user.id === 'desk:2' ? { ...user, role: 'admin' } : user,
    );
    await sync(directory(), desk);
    await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    expect((await open()).map((entry) => entry.type)).toContain('role_mismatch');
    // Only credira read: the desk's conflicts are not "resolved" by its absence.
    await directory().reconciliation.run(connectionsOf('credira'));
    expect((await open()).map((entry) => entry.type)).toContain('role_mismatch');
  });

  it('pages identities with a keyset tied to the run, even after a newer run', async () => {
    const run = await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    const first = await directory().reconciliation.listIdentities({ runId: run.id, limit: 10 });
    expect(first?.identities).toHaveLength(10);
    await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    const ids: string[] = first!.identities.map((identity) => identity.id);
    let after = first!.nextAfter;
    while (after !== null) {
      const page = await directory().reconciliation.listIdentities({
        runId: run.id,
        after,
        limit: 10,
      });
      expect(page?.run.id).toBe(run.id);
      ids.push(...page!.identities.map((identity) => identity.id));
      after = page!.nextAfter;
    }
    expect(new Set(ids).size).toBe(run.totals.identities);
    const streamed: string[] = [];
    for await (const identity of directory().reconciliation.streamIdentities({ runId: run.id }))
      streamed.push(identity.id);
    expect(streamed).toEqual(ids);
    expect(
      await directory().reconciliation.listIdentities({ runId: 999_999, limit: 5 }),
    ).toBeNull();
  });

  it('keeps the identities of the newest 3 successful runs; an older run is "no such run", not empty', async () => {
    const runs = [];
    for (let i = 0; i < 5; i++)
      runs.push(await directory().reconciliation.run(connectionsOf('credira', 'desk')));
    const pages = await Promise.all(
      runs.map((run) =>
        directory().reconciliation.listIdentities({ runId: run.id, after: 0, limit: 5 }),
      ),
    );
    expect(pages.map((page) => page === null)).toEqual([true, true, false, false, false]);
    for (const page of pages.slice(2)) expect(page!.identities.length).toBeGreaterThan(0);
    // A continuation past the end of a kept run is an empty last page, not "no such run".
    expect(
      await directory().reconciliation.listIdentities({
        runId: runs[4].id,
        after: 2_000_000_000,
        limit: 5,
      }),
    ).toMatchObject({ identities: [], nextAfter: null });
  });

  it('filters identities like the engine does (vendor, email, severity, missing_in)', async () => {
    const byEmail = await directory().reconciliation.listIdentities({
      limit: 10,
      filter: { email: ' GAP@example.com ' },
    });
    expect(byEmail?.identities.map((identity) => identity.emails)).toEqual([['gap@example.com']]);
    const bySeverity = await directory().reconciliation.listIdentities({
      limit: 100,
      filter: { severity: 'medium' },
    });
    expect(
      bySeverity?.identities.every((i) => i.conflicts.some((c) => c.severity === 'medium')),
    ).toBe(true);
    expect(bySeverity?.identities.length).toBeGreaterThan(0);
    const missing = await directory().reconciliation.listIdentities({
      limit: 100,
      filter: { conflict: 'missing_in', vendor: 'credira' },
    });
    expect(missing?.identities).toEqual([]);
  });

  it('stores, in bounded batches, exactly the identities and summary the in-memory engine makes', async () => {
    // Random populations with colliding keys (links, same-vendor ambiguity, look-alikes, same names).
    const population = fc.sample(
      fc.uniqueArray(
        fc.record({
          vendor: fc.constantFrom('credira', 'desk'),
          id: fc.integer({ min: 1, max: 900 }),
          email: fc.constantFrom('a@x.com', 'b@x.com', 'paypal@x.com', 'paypa1@x.com', null),
          phone: fc.constantFrom('+15550001', '+15550002', null),
          name: fc.constantFrom('Ann Lee', 'ann lee', 'Zoë Ñúñez', 'Bob'),
          status: fc.constantFrom('active', 'inactive') as fc.Arbitrary<'active' | 'inactive'>,
        }),
        { selector: (u) => `${u.vendor}:${u.id}`, minLength: 700, maxLength: 1200 },
      ),
      { numRuns: 1, seed: 25 },
    )[0];
    const users = population.map((u) =>
      canonicalUser(u.vendor, `p${u.id}`, {
        email: u.email,
        phone: u.phone,
        firstName: u.name.split(' ')[0],
        lastName: u.name.split(' ')[1] ?? null,
        displayName: u.name,
        status: u.status,
      }),
    );
    credira.users = users.filter((u) => u.vendor === 'credira');
    desk.users = users.filter((u) => u.vendor === 'desk');
    await sync(directory(), credira);
    await sync(directory(), desk);
    const run = await directory().reconciliation.run(connectionsOf('credira', 'desk'));
    // The engine on the same users the run read: every stored, not deleted user (earlier tests' too).
    const storedUsers: StoredCanonicalUser[] = [];
    for (let after: string | null = null; ;) {
      const page = await directory().users.list({ limit: 1000, after });
      storedUsers.push(...page.users.map((stored) => stored.user));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(storedUsers.length).toBeGreaterThanOrEqual(users.length);
    const expected = reconcile({
      users: storedUsers,
      vendorsRead: ['credira', 'desk'],
      vendorsFailed: [],
    });
    const stored: unknown[] = [];
    for await (const identity of directory().reconciliation.streamIdentities({ runId: run.id }))
      stored.push({
        ...identity,
        conflicts: identity.conflicts.map(({ firstSeenAt: _seen, ...conflict }) => conflict),
      });
    expect(stored.length).toBeGreaterThan(500);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(
      JSON.parse(JSON.stringify(expected.identities)),
    );
    const summary = await directory().reconciliation.summary(run.id);
    expect(summary?.summary).toEqual(JSON.parse(JSON.stringify(summarize(expected))));
    // Two syncs and a run of ~1 000 users: seconds on a busy shared machine.
  }, 60_000);
});
