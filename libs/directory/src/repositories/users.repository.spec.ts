import type { Directory, DirectoryTransaction } from '../directory.port';
import { openDirectory } from '../open-directory';
import { closeEngine, describeEachEngine, EngineHandle, openEngine } from '../testing/engines';
import { canonicalUser, FakeAdapter } from '../testing/fake-adapter';
import { markerExists, seenInTransaction, writeMarker } from '../testing/transaction-probe';
import { foldSearchText, likePrefix } from './users.repository';

describe('likePrefix', () => {
  it('treats LIKE wildcards in the text as literals', () => {
    expect(likePrefix('A_b%c\\')).toBe('a\\_b\\%c\\\\%');
  });

  it('folds to NFC, lower case', () => {
    expect(foldSearchText('ZOE\u0308')).toBe('zo\u00eb');
    expect(foldSearchText('Zo\u00eb')).toBe('zo\u00eb');
    expect(likePrefix('\u212B')).toBe('\u00e5%');
  });
});

describeEachEngine('KyselyUserRepository and the change feed', (handle, engine) => {
  const directory = () => handle().directory;
  const vendor = 'people';

  beforeAll(async () => {
    const adapter = new FakeAdapter(vendor, 1000);
    adapter.users = [
      canonicalUser(vendor, '1', {
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        displayName: 'Ada Lovelace',
      }),
      canonicalUser(vendor, '2', {
        email: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        displayName: 'Grace Hopper',
        role: 'admin',
      }),
      canonicalUser(vendor, '3', {
        email: 'alan@example.com',
        firstName: 'Alan',
        lastName: 'Turing',
        displayName: 'Alan Turing',
        status: 'inactive',
      }),
      canonicalUser(vendor, '4', {
        email: 'a_b@example.com',
        firstName: null,
        lastName: null,
        displayName: null,
      }),
      ...Array.from({ length: 20 }, (_, i) =>
        canonicalUser(vendor, `p${String(i).padStart(2, '0')}`),
      ),
    ];
    await (
      await directory().sync.start(adapter)
    ).done;
    const other = new FakeAdapter('others', 1000);
    other.users = [canonicalUser('others', '1', { email: 'ada@example.com' })];
    await (
      await directory().sync.start(other)
    ).done;
  });

  it('pages by global id with a keyset that never repeats or skips', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await directory().users.list({ connections: [vendor], limit: 7, after });
      seen.push(...page.users.map((user) => user.user.id));
      // A user appearing behind the cursor meanwhile neither shifts nor repeats the pages.
      if (i === 0) await directory().users.recordWrite(canonicalUser(vendor, '0'));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by vendor, email, status, role and q (prefix of email or names)', async () => {
    const ids = async (query: Parameters<ReturnType<typeof directory>['users']['list']>[0]) =>
      (await directory().users.list(query)).users.map((user) => user.user.id);
    expect(await ids({ email: 'ada@example.com', limit: 10 })).toEqual(['others:1', 'people:1']);
    expect(await ids({ connections: [vendor], email: 'ada@example.com', limit: 10 })).toEqual([
      'people:1',
    ]);
    expect(await ids({ connections: [vendor], status: 'inactive', limit: 10 })).toEqual([
      'people:3',
    ]);
    expect(await ids({ connections: [vendor], role: 'admin', limit: 10 })).toEqual(['people:2']);
    expect(await ids({ connections: [vendor], q: 'GRA', limit: 10 })).toEqual(['people:2']);
    expect(await ids({ connections: [vendor], q: 'turing', limit: 10 })).toEqual(['people:3']);
    expect(await ids({ connections: [vendor], q: 'a_', limit: 10 })).toEqual(['people:4']);
    expect(await ids({ connections: [vendor], q: '%', limit: 10 })).toEqual([]);
  });

  it('q compares Unicode NFC and case-folded on both sides', async () => {
    const accents = new FakeAdapter('accents', 1000);
    accents.users = [
      // Decomposed: "e" then a combining diaeresis, as some vendors send it.
      canonicalUser('accents', '1', {
        email: 'x1@example.com',
        firstName: 'Zoe\u0308',
        lastName: 'Brontë',
        displayName: 'Zoe\u0308 Brontë',
      }),
      canonicalUser('accents', '2', {
        email: 'x2@example.com',
        firstName: 'ZOË',
        lastName: 'ÅSTRÖM',
        displayName: 'ZOË ÅSTRÖM',
      }),
      canonicalUser('accents', '3', {
        email: 'x3@example.com',
        firstName: 'Zoe',
        lastName: 'Plain',
        displayName: 'Zoe Plain',
      }),
    ];
    await (
      await directory().sync.start(accents)
    ).done;
    const ids = async (q: string) =>
      (await directory().users.list({ connections: ['accents'], q, limit: 10 })).users.map(
        (user) => user.user.id,
      );
    expect(await ids('Zoë')).toEqual(['accents:1', 'accents:2']);
    expect(await ids('zoe\u0308')).toEqual(['accents:1', 'accents:2']);
    expect(await ids('ZOË')).toEqual(['accents:1', 'accents:2']);
    expect(await ids('zoe')).toEqual(['accents:3']);
    expect(await ids('åström')).toEqual(['accents:2']);
    // The Angstrom sign composes to the same letter as Å under NFC.
    expect(await ids('\u212Bström')).toEqual(['accents:2']);
    expect(await ids('bronte\u0308')).toEqual(['accents:1']);
  });

  it('filters by updatedSince on the time the directory saw the change', async () => {
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await directory().users.recordWrite(
      canonicalUser(vendor, '2', {
        email: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        displayName: 'Grace Hopper',
        role: 'manager',
      }),
    );
    const page = await directory().users.list({
      connections: [vendor],
      updatedSince: before,
      limit: 50,
    });
    expect(page.users.map((user) => user.user.id)).toEqual(['people:2']);
  });

  it('write-through records the change at once; a delete keeps the user with deletedAt', async () => {
    const user = canonicalUser(vendor, 'w1');
    expect(await directory().users.recordWrite(user)).toMatchObject({
      kind: 'created',
      source: 'write',
    });
    expect(await directory().users.recordWrite({ ...user, lastLoginAt: 'x' })).toBeNull();
    expect(await directory().users.recordWrite({ ...user, status: 'inactive' })).toMatchObject({
      kind: 'deactivated',
      fields: { status: { before: 'active', after: 'inactive' } },
    });
    const deleted = await directory().users.recordDeleted(user.id);
    expect(deleted).toMatchObject({ kind: 'deleted', userId: user.id, source: 'write' });
    expect(await directory().users.recordDeleted(user.id)).toBeNull();
    const stored = await directory().users.get(user.id);
    expect(stored?.deletedAt).toBe(deleted?.fields.deletedAt.after);
    expect(await directory().users.get('people:nobody')).toBeNull();
    const listed = await directory().users.list({ q: 'userw1', limit: 5 });
    expect(listed.users).toEqual([]);
    const withDeleted = await directory().users.list({
      q: 'userw1',
      includeDeleted: true,
      limit: 5,
    });
    expect(withDeleted.users.map((u) => u.user.id)).toEqual([user.id]);
  });

  it("commits the write-through, its change entry and the caller's work in one transaction", async () => {
    const user = canonicalUser(vendor, 't1');
    let seen: { user: boolean; changes: number } | undefined;
    let outside: unknown = 'not read';
    const change = await directory().users.recordWrite(user, async (tx, written) => {
      expect(written).toMatchObject({ kind: 'created', userId: user.id });
      seen = await seenInTransaction(tx, user.id);
      await writeMarker(tx, 'write t1');
      // Another session sees nothing before the commit (PGlite is one session: no "outside").
      if (engine === 'postgres') outside = await directory().users.get(user.id);
    });
    expect(change).toMatchObject({ kind: 'created', source: 'write' });
    expect(seen).toEqual({ user: true, changes: 1 });
    if (engine === 'postgres') expect(outside).toBeNull();
    expect(await markerExists(directory(), 'write t1')).toBe(true);
    expect(await directory().users.get(user.id)).not.toBeNull();
  });

  it("rolls the write-through and its change entry back with the caller's work when it throws", async () => {
    const user = canonicalUser(vendor, 't2');
    const before = await directory().changes.latestSequence();
    await expect(
      directory().users.recordWrite(user, async (tx) => {
        await writeMarker(tx, 'write t2');
        throw new Error('refused by the hook');
      }),
    ).rejects.toThrow('refused by the hook');
    expect(await directory().users.get(user.id)).toBeNull();
    expect(await markerExists(directory(), 'write t2')).toBe(false);
    const feed = await directory().changes.list({ after: before, limit: 100 });
    expect(feed.changes.filter((c) => c.userId === user.id)).toEqual([]);

    await directory().users.recordWrite(user);
    await expect(
      directory().users.recordDeleted(user.id, async (tx, change) => {
        expect(change).toMatchObject({ kind: 'deleted' });
        await writeMarker(tx, 'delete t2');
        throw new Error('refused by the hook');
      }),
    ).rejects.toThrow('refused by the hook');
    expect((await directory().users.get(user.id))?.deletedAt).toBeNull();
    expect(await markerExists(directory(), 'delete t2')).toBe(false);
    const after = await directory().changes.list({ after: before, limit: 100 });
    expect(after.changes.filter((c) => c.userId === user.id).map((c) => c.kind)).toEqual([
      'created',
    ]);
  });

  it('hands a delete of a user it never held to the work too, and the handle dies with the transaction', async () => {
    let kept: DirectoryTransaction | undefined;
    let given: unknown = 'not called';
    expect(
      await directory().users.recordDeleted(`${vendor}:never-held`, async (tx, change) => {
        kept = tx;
        given = change;
      }),
    ).toBeNull();
    expect(given).toBeNull();
    await expect(writeMarker(kept as DirectoryTransaction, 'late')).rejects.toThrow('has ended');
  });

  it('serves the change feed in order, resumable, filtered by vendor and kind', async () => {
    const all = await directory().changes.list({ after: 0, limit: 1000 });
    const sequences = all.changes.map((change) => change.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(await directory().changes.latestSequence()).toBe(sequences[sequences.length - 1]);
    const first = await directory().changes.list({ after: 0, limit: 5 });
    const next = await directory().changes.list({ after: first.nextAfter, limit: 5 });
    expect([...first.changes, ...next.changes].map((c) => c.sequence)).toEqual(
      sequences.slice(0, 10),
    );
    const others = await directory().changes.list({
      after: 0,
      limit: 100,
      connections: ['others'],
    });
    expect(others.changes.map((change) => change.userId)).toEqual(['others:1']);
    const deleted = await directory().changes.list({ after: 0, limit: 100, kinds: ['deleted'] });
    expect(deleted.changes.every((change) => change.kind === 'deleted')).toBe(true);
    expect(deleted.changes.length).toBeGreaterThan(0);
    const end = await directory().changes.list({ after: 1e12, limit: 5 });
    expect(end).toEqual({ changes: [], nextAfter: 1e12 });
    expect(JSON.stringify(all)).not.toContain('vendorData');
  });
});

describe('first sightings of one user from several processes at once [postgres]', () => {
  // PGlite runs one transaction at a time: only a server can interleave them.
  let handle: EngineHandle | undefined;
  const others: Directory[] = [];
  beforeAll(async () => {
    handle = await openEngine('postgres');
    for (let i = 0; i < 2; i++)
      others.push(await openDirectory({ databaseUrl: handle.databaseUrl! }));
  }, 240_000);
  afterAll(async () => {
    for (const other of others) await other.close();
    await closeEngine(handle);
  });

  it('each is stored once, none fails on a second key, and one change says it was created', async () => {
    const directories = [handle!.directory, ...others];
    const failures: string[] = [];
    // Each round a new user, written by every process at once: the inserts race.
    for (let round = 0; round < 150; round++) {
      const user = canonicalUser('race', String(round));
      const results = await Promise.allSettled(
        directories.map((directory) => directory.users.recordWrite(user)),
      );
      for (const result of results)
        if (result.status === 'rejected') failures.push(String(result.reason));
    }
    expect(failures).toEqual([]);
    const stored = await Promise.all(
      Array.from({ length: 150 }, (_, round) => handle!.directory.users.get(`race:${round}`)),
    );
    expect(stored.filter((entry) => entry === null)).toEqual([]);
    // Every process wrote the same user: the one whose insert won records it
    // created, the others find it as they would write it and record nothing.
    const feed = await handle!.directory.changes.list({
      after: 0,
      limit: 10_000,
      connections: ['race'],
    });
    expect(feed.changes.map((change) => `${change.userId} ${change.kind}`).sort()).toEqual(
      Array.from({ length: 150 }, (_, round) => `race:${round} created`).sort(),
    );
  });
});
