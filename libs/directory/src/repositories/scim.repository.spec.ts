import { parseFilter } from '@userbridge/scim';
import { describeEachEngine } from '../testing/engines';
import { canonicalUser, FakeAdapter } from '../testing/fake-adapter';

describeEachEngine('directory.scim', (handle) => {
  const directory = () => handle().directory;
  const conn = 'scim-a';
  const names = {
    1: 'BJensen',
    2: 'jsmith',
    4: 'a_b%c',
  };

  const seeded = () => [
    canonicalUser(conn, '1', {
      username: names[1],
      email: 'bjensen@example.com',
      firstName: 'Barbara',
      lastName: 'Jensen',
      displayName: 'Babs Jensen',
      externalId: 'E-1',
    }),
    canonicalUser(conn, '2', {
      username: names[2],
      email: 'John.Smith@Work.example',
      firstName: 'John',
      lastName: 'Smith',
      displayName: null,
      status: 'inactive',
    }),
    // No username (a vendor such as Credira): the SCIM userName is the email.
    canonicalUser(conn, '3', {
      username: null,
      email: 'zoe@example.com',
      firstName: 'Zo\u00eb',
      lastName: null,
      displayName: 'Zo\u00eb',
    }),
    // No updatedAt of the vendor's own: meta.lastModified is the directory's changed-at.
    canonicalUser(conn, '4', {
      username: names[4],
      email: null,
      firstName: null,
      lastName: null,
      displayName: null,
      updatedAt: null,
    }),
    canonicalUser(conn, '5', { username: 'tomb', email: 'tomb@example.com' }),
    canonicalUser(conn, '6', { username: 'gone', email: 'gone@example.com', status: 'deleted' }),
    canonicalUser(conn, '7', { username: 'removed', email: 'removed@example.com' }),
  ];

  const adapter = new FakeAdapter(conn, 1000);

  beforeAll(async () => {
    adapter.users = seeded();
    await (
      await directory().sync.start(adapter)
    ).done;
    // Another connection with a same-named user: never seen through scim-a.
    const other = new FakeAdapter('scim-b', 1000);
    other.users = [
      canonicalUser('scim-b', '1', { username: 'bjensen', externalId: 'E-1' }),
      canonicalUser('scim-b', '2', {
        username: 'js',
        email: 'smith@elsewhere.example',
        firstName: 'J',
        lastName: 'S',
        displayName: 'J S',
        externalId: 'ext-2',
      }),
    ];
    await (
      await directory().sync.start(other)
    ).done;
    await directory().transaction(async (tx) => {
      expect(await directory().scim.setExternalId(tx, `${conn}:2`, 'ext-2')).toBe(true);
      expect(await directory().scim.setTombstone(tx, `${conn}:5`, new Date())).toBe(true);
    });
    await directory().users.recordDeleted(`${conn}:7`);
  });

  const ids = async (filter: string | null, startIndex = 1, count = 100) => {
    const page = await directory().scim.listUsers({
      connection: conn,
      filter: filter === null ? null : parseFilter(filter),
      startIndex,
      count,
    });
    return page.users.map((stored) => stored.user.vendorId);
  };

  it.each<[string | null, string[]]>([
    [null, ['1', '2', '3', '4']],
    // userName: case-insensitive, the email where there is no username.
    ['userName eq "bjensen"', ['1']],
    ['USERNAME eq "BJENSEN"', ['1']],
    ['userName eq "zoe@example.com"', ['3']],
    ['userName eq "ZOE@Example.COM"', ['3']],
    ['userName ne "bjensen"', ['2', '3', '4']],
    ['userName sw "BJ"', ['1']],
    ['userName ew "SMITH"', ['2']],
    ['userName co "ense"', ['1']],
    // LIKE's own characters are literals.
    ['userName sw "a_"', ['4']],
    ['userName sw "a%"', []],
    ['userName co "%"', ['4']],
    ['userName co "_b%"', ['4']],
    ['userName sw "_"', []],
    ['userName gt "jsmith"', ['3']],
    ['userName ge "jsmith"', ['2', '3']],
    ['userName lt "c"', ['1', '4']],
    ['userName le "bjensen"', ['1', '4']],
    ['userName pr', ['1', '2', '3', '4']],
    // externalId: case-exact; the vendor's own value, else the SCIM column.
    ['externalId eq "E-1"', ['1']],
    ['externalId eq "e-1"', []],
    ['externalId eq "ext-2"', ['2']],
    ['externalId sw "E"', ['1']],
    ['externalId pr', ['1', '2']],
    ['not (externalId pr)', ['3', '4']],
    // id: the vendor id, case-exact.
    ['id eq "3"', ['3']],
    ['id eq "5"', []],
    ['id gt "2"', ['3', '4']],
    // displayName and name.*: case-insensitive, NFC.
    ['displayName co "JENS"', ['1']],
    ['displayName pr', ['1', '3']],
    ['not (displayName pr)', ['2', '4']],
    ['displayName eq null', ['2', '4']],
    ['displayName ne "Babs Jensen"', ['2', '3', '4']],
    ['name.givenName eq "ZO\u00cb"', ['3']],
    ['name.givenName eq "Zoe\u0308"', ['3']],
    ['name.familyName sw "jen"', ['1']],
    ['name.familyName pr', ['1', '2']],
    ['name.formatted eq "barbara jensen"', ['1']],
    ['name.formatted eq "Zo\u00eb"', ['3']],
    ['name.formatted pr', ['1', '2', '3']],
    // active <-> status.
    ['active eq true', ['1', '3', '4']],
    ['active eq false', ['2']],
    ['active ne true', ['2']],
    ['active pr', ['1', '2', '3', '4']],
    // emails: the one stored email is { value, type: "work", primary: true }.
    ['emails[type eq "work"]', ['1', '2', '3']],
    ['emails[type eq "WORK"]', ['1', '2', '3']],
    ['emails[type eq "home"]', []],
    ['emails[type eq "work"].value eq "JOHN.SMITH@work.example"', ['2']],
    ['emails[type eq "home"].value eq "john.smith@work.example"', []],
    ['emails[type eq "work" and value co "example.com"]', ['1', '3']],
    ['emails[type eq "home" or value sw "zoe"]', ['3']],
    ['emails[not (type eq "home")]', ['1', '2', '3']],
    ['emails[primary eq true]', ['1', '2', '3']],
    ['emails[primary eq false]', []],
    ['emails.value co "@"', ['1', '2', '3']],
    ['emails eq "bjensen@example.com"', ['1']],
    ['emails.type eq "work"', ['1', '2', '3']],
    ['emails pr', ['1', '2', '3']],
    ['not (emails pr)', ['4']],
    ['not (emails[type eq "work"].value eq "bjensen@example.com")', ['2', '3', '4']],
    // Combinations and precedence.
    ['userName eq "bjensen" or userName eq "jsmith"', ['1', '2']],
    ['userName eq "bjensen" and active eq false', []],
    ['active eq true and (displayName pr or emails pr)', ['1', '3']],
    ['active eq true and displayName pr or emails[value sw "john"]', ['1', '2', '3']],
    ['not (active eq true) or userName eq "bjensen"', ['1', '2']],
    ['not (not (userName eq "bjensen"))', ['1']],
    // meta.lastModified: the vendor's updatedAt (2026-01-02 in these users), else the directory's changed-at.
    ['meta.lastModified gt "2000-01-01T00:00:00Z"', ['1', '2', '3', '4']],
    ['meta.lastModified lt "2000-01-01T00:00:00Z"', []],
    ['meta.lastModified eq "2026-01-02T00:00:00Z"', ['1', '2', '3']],
    ['meta.lastModified eq "2026-01-02T01:00:00+01:00"', ['1', '2', '3']],
    ['meta.lastModified gt "2026-01-02T00:00:00Z"', ['4']],
    ['meta.lastModified le "2026-01-02T00:00:00.000Z"', ['1', '2', '3']],
    // Tombstoned, deleted at the vendor, gone from the directory: never listed.
    ['userName eq "tomb"', []],
    ['userName eq "gone"', []],
    ['userName eq "removed"', []],
    // Injection attempts are values like any other.
    [`userName eq "x' or '1'='1"`, []],
    [`userName co "'; drop table vendor_users; --"`, []],
    [`externalId eq "E-1' or 1=1 --"`, []],
    [`emails[value eq "\\" or 1=1 --"]`, []],
  ])('%s', async (filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it('compares a changed-at meta.lastModified at the millisecond a client saw', async () => {
    const stored = await directory().users.get(`${conn}:4`);
    const at = stored!.changedAt;
    expect(await ids(`meta.lastModified eq "${at}"`)).toEqual(['4']);
    expect(await ids(`meta.lastModified gt "${at}"`)).toEqual([]);
    expect(await ids(`meta.lastModified ge "${at}"`)).toEqual(['4']);
  });

  it('still works after the injection attempts', async () => {
    expect(await ids('userName eq "bjensen"')).toEqual(['1']);
  });

  it('reads back the SCIM externalId and the tombstone on stored users', async () => {
    const two = await directory().users.get(`${conn}:2`);
    expect(two?.user.externalId).toBe('ext-2');
    expect(two?.tombstonedAt).toBeNull();
    const five = await directory().users.get(`${conn}:5`);
    expect(five?.tombstonedAt).toEqual(expect.any(String));
    // The vendor's own externalId wins over one kept by SCIM.
    await directory().transaction((tx) => directory().scim.setExternalId(tx, `${conn}:1`, 'other'));
    expect((await directory().users.get(`${conn}:1`))?.user.externalId).toBe('E-1');
    expect(await ids('externalId eq "other"')).toEqual([]);
    await directory().transaction((tx) => directory().scim.setExternalId(tx, `${conn}:1`, null));
  });

  it('finds by userName case-insensitively, tombstones and vendor-deleted included, directory-deleted not', async () => {
    const find = async (name: string) =>
      (await directory().scim.findByUserName(conn, name)).map((s) => [
        s.user.vendorId,
        s.tombstonedAt !== null,
        s.user.status,
      ]);
    expect(await find('BJENSEN')).toEqual([['1', false, 'active']]);
    expect(await find('ZOE@Example.com')).toEqual([['3', false, 'active']]);
    expect(await find('TOMB')).toEqual([['5', true, 'active']]);
    expect(await find('gone')).toEqual([['6', false, 'deleted']]);
    expect(await find('removed')).toEqual([]);
    expect(await find('nobody')).toEqual([]);
    expect(
      (await directory().scim.findByUserName('scim-b', 'BJensen')).map((s) => s.user.id),
    ).toEqual(['scim-b:1']);
  });

  it('lets reconciliation match on a SCIM externalId (one IdP id is one person)', async () => {
    const run = await directory().reconciliation.run([
      { name: conn, vendor: conn },
      { name: 'scim-b', vendor: 'scim-b' },
    ]);
    expect(run.outcome).toBe('succeeded');
    const page = await directory().reconciliation.listIdentities({ runId: run.id, limit: 100 });
    const identity = page?.identities.find((i) => i.members.some((m) => m.id === `${conn}:2`));
    expect(identity?.members.map((m) => m.id).sort()).toEqual([`${conn}:2`, 'scim-b:2']);
  });

  it('answers false for a user the directory does not have', async () => {
    await directory().transaction(async (tx) => {
      expect(await directory().scim.setExternalId(tx, `${conn}:nobody`, 'x')).toBe(false);
      expect(await directory().scim.setTombstone(tx, `${conn}:nobody`, new Date())).toBe(false);
    });
  });

  it('sets nothing when the transaction rolls back', async () => {
    await expect(
      directory().transaction(async (tx) => {
        await directory().scim.setTombstone(tx, `${conn}:3`, new Date());
        await directory().scim.setExternalId(tx, `${conn}:3`, 'rolled-back');
        throw new Error('the vendor write failed');
      }),
    ).rejects.toThrow('the vendor write failed');
    const three = await directory().users.get(`${conn}:3`);
    expect(three?.tombstonedAt).toBeNull();
    expect(three?.user.externalId).toBeNull();
  });

  it('lifts a tombstone', async () => {
    await directory().transaction((tx) => directory().scim.setTombstone(tx, `${conn}:5`, null));
    expect(await ids('userName eq "tomb"')).toEqual(['5']);
    await directory().transaction((tx) =>
      directory().scim.setTombstone(tx, `${conn}:5`, new Date()),
    );
    expect(await ids('userName eq "tomb"')).toEqual([]);
  });

  it('keeps the SCIM columns through a sync that rewrites the user', async () => {
    adapter.users = seeded().map((user) =>
      user.vendorId === '2' || user.vendorId === '5'
        ? { ...user, displayName: `${user.displayName ?? ''} (renamed)`, status: 'active' as const }
        : user,
    );
    const run = (await (await directory().sync.start(adapter)).done)!;
    expect(run.outcome).toBe('succeeded');
    expect(run.counts.updated + run.counts.reactivated).toBe(2);
    const two = await directory().users.get(`${conn}:2`);
    expect(two?.user.displayName).toContain('(renamed)');
    expect(two?.user.externalId).toBe('ext-2');
    const five = await directory().users.get(`${conn}:5`);
    expect(five?.user.displayName).toContain('(renamed)');
    expect(five?.tombstonedAt).toEqual(expect.any(String));
    expect(await ids('externalId eq "ext-2"')).toEqual(['2']);
    expect(await ids('userName eq "tomb"')).toEqual([]);
  });
});

describeEachEngine('directory.scim paging', (handle) => {
  const directory = () => handle().directory;
  const conn = 'scim-p';

  beforeAll(async () => {
    const adapter = new FakeAdapter(conn, 1000);
    adapter.users = Array.from({ length: 25 }, (_, i) =>
      canonicalUser(conn, `p${String(i).padStart(2, '0')}`, {
        status: i % 5 === 0 ? 'inactive' : 'active',
      }),
    );
    await (
      await directory().sync.start(adapter)
    ).done;
  });

  const page = (startIndex: number, count: number, filter: string | null = null) =>
    directory().scim.listUsers({
      connection: conn,
      filter: filter === null ? null : parseFilter(filter),
      startIndex,
      count,
    });
  const idsOf = (p: Awaited<ReturnType<typeof page>>) => p.users.map((s) => s.user.vendorId);
  const p = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `p${String(from + i).padStart(2, '0')}`);

  it.each<[number, number, string[]]>([
    [1, 10, p(0, 9)],
    [11, 10, p(10, 19)],
    [21, 10, p(20, 24)],
    [25, 10, ['p24']],
    [26, 10, []],
    [1000, 10, []],
    [3, 2, ['p02', 'p03']],
    [1, 100, p(0, 24)],
  ])('startIndex %i, count %i', async (startIndex, count, expected) => {
    const result = await page(startIndex, count);
    expect(result.totalResults).toBe(25);
    expect(idsOf(result)).toEqual(expected);
  });

  it('answers the total only for count 0', async () => {
    const result = await page(1, 0);
    expect(result).toEqual({ totalResults: 25, users: [] });
  });

  it('pages a filtered list with its own total', async () => {
    const first = await page(1, 3, 'active eq false');
    expect(first.totalResults).toBe(5);
    expect(idsOf(first)).toEqual(['p00', 'p05', 'p10']);
    const second = await page(4, 3, 'active eq false');
    expect(idsOf(second)).toEqual(['p15', 'p20']);
  });

  it('walks every user exactly once', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 25; start += 7) seen.push(...idsOf(await page(start, 7)));
    expect(seen).toEqual(p(0, 24));
  });

  it('answers nothing for an unknown connection', async () => {
    const result = await directory().scim.listUsers({
      connection: 'scim-none',
      filter: null,
      startIndex: 1,
      count: 10,
    });
    expect(result).toEqual({ totalResults: 0, users: [] });
  });
});
