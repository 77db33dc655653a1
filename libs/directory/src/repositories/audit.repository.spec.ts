import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { AuditRecordInput } from '../audit.port';
import { transactionOf } from '../db/transaction';
import type { Directory } from '../directory.port';
import { openDirectory } from '../open-directory';
import { describeEachEngine } from '../testing/engines';

let connectionCount = 0;
/** One connection per test: the suite shares one database per engine. */
const nextConnection = () => `audit${++connectionCount}`;

function record(connection: string, overrides: Partial<AuditRecordInput> = {}): AuditRecordInput {
  return {
    writeId: randomUUID(),
    kind: 'intent',
    requestId: 'req-1',
    actor: 'hr-portal',
    channel: 'rest',
    action: 'user.patch',
    target: `${connection}:1`,
    connection,
    changes: { firstName: { before: 'Ada', after: 'Grace' } },
    outcome: null,
    errorCode: null,
    idempotencyKey: null,
    offboardingRunId: null,
    ...overrides,
  };
}

/** Raw SQL as an operator at a psql prompt would send it: statements in one transaction of their own. */
function rawSql(directory: Directory, ...statements: string[]): Promise<unknown> {
  return directory.transaction(async (tx) => {
    for (const text of statements) await sql.raw(text).execute(transactionOf(tx));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachEngine('KyselyAuditStore', (handle) => {
  const directory = () => handle().directory;

  it('merges an intent and its outcome into one entry; an intent alone reads unknown', async () => {
    const connection = nextConnection();
    const done = record(connection);
    const lost = record(connection, { target: `${connection}:2`, action: 'user.delete' });
    await directory().audit.append([done, lost]);
    await directory().transaction((tx) =>
      directory().audit.append(
        [
          {
            ...done,
            kind: 'outcome',
            outcome: 'succeeded',
            changes: { firstName: { before: 'Ada', after: 'Grace H.' } },
          },
        ],
        tx,
      ),
    );

    const page = await directory().audit.list({ connection, limit: 10 });
    expect(page.nextAfter).toBeNull();
    expect(page.entries).toMatchObject([
      {
        id: done.writeId,
        actor: 'hr-portal',
        action: 'user.patch',
        target: `${connection}:1`,
        outcome: 'succeeded',
        // The outcome's changes (as read back) replace what was asked.
        changes: { firstName: { before: 'Ada', after: 'Grace H.' } },
      },
      { id: lost.writeId, outcome: 'unknown', finishedAt: null },
    ]);
    expect(page.entries[0].finishedAt).not.toBeNull();
  });

  it('filters by actor, action, target, connection, outcome and time, and pages by keyset', async () => {
    const connection = nextConnection();
    const failed = record(connection, { actor: 'scim-entra', action: 'user.create', target: null });
    await directory().audit.append([record(connection), failed]);
    await directory().audit.append([
      {
        ...failed,
        kind: 'outcome',
        outcome: 'failed',
        errorCode: 'invalid_request',
        target: `${connection}:9`,
      },
    ]);
    const list = (filters: object) =>
      directory()
        .audit.list({ connection, limit: 10, ...filters })
        .then((page) => page.entries.map((entry) => entry.id));
    expect(await list({ actor: 'scim-entra' })).toEqual([failed.writeId]);
    expect(await list({ action: 'user.create' })).toEqual([failed.writeId]);
    expect(await list({ outcome: 'failed' })).toEqual([failed.writeId]);
    // A create's target is named by its outcome.
    expect(await list({ target: `${connection}:9` })).toEqual([failed.writeId]);
    expect(await list({ outcome: 'unknown' })).toHaveLength(1);
    expect(await list({ from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await list({ to: new Date(Date.now() + 60_000) })).toHaveLength(2);

    const first = await directory().audit.list({ connection, limit: 1 });
    expect(first.nextAfter).not.toBeNull();
    const second = await directory().audit.list({
      connection,
      limit: 1,
      after: first.nextAfter ?? 0,
    });
    expect(second.entries.map((entry) => entry.id)).toEqual([failed.writeId]);
    expect(second.nextAfter).toBeNull();

    const streamed: string[] = [];
    for await (const entry of directory().audit.stream({ connection }, 1)) streamed.push(entry.id);
    expect(streamed).toEqual([first.entries[0].id, failed.writeId]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of records and checkpoints through SQL', async () => {
    await directory().audit.append([record(nextConnection())]);
    for (const statement of [
      `update audit_records set actor = 'someone else'`,
      `delete from audit_records`,
      `truncate audit_records`,
      `update audit_checkpoints set anchor_hash = 'x'`,
      `delete from audit_checkpoints`,
    ])
      await expect(rawSql(directory(), statement)).rejects.toThrow(/append-only/);
    // The retention setting opens DELETE only; UPDATE stays refused even under it.
    await expect(
      directory().transaction(async (tx) => {
        const trx = transactionOf(tx);
        await sql`select set_config('userbridge.audit_retention', 'prune', true)`.execute(trx);
        await sql`update audit_records set actor = 'x'`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    expect((await directory().audit.verify()).ok).toBe(true);
  });

  it('verifies the chain, and names the first record altered or removed behind the trigger', async () => {
    const connection = nextConnection();
    const records = [record(connection), record(connection), record(connection)];
    await directory().audit.append(records);
    const before = await directory().audit.verify();
    expect(before).toMatchObject({ ok: true, broken: null });

    const [, victim, after] = (await directory().audit.list({ connection, limit: 10 })).entries;
    const tamper = (statement: string) =>
      rawSql(
        directory(),
        'alter table audit_records disable trigger audit_records_append_only',
        statement,
        'alter table audit_records enable trigger audit_records_append_only',
      );
    await tamper(`update audit_records set actor = 'nobody' where seq = ${victim.sequence}`);
    expect(await directory().audit.verify()).toMatchObject({
      ok: false,
      broken: { sequence: victim.sequence, writeId: victim.id, reason: 'hash_mismatch' },
    });
    await tamper(`update audit_records set actor = 'hr-portal' where seq = ${victim.sequence}`);
    expect((await directory().audit.verify()).ok).toBe(true);

    await tamper(`delete from audit_records where seq = ${victim.sequence}`);
    expect(await directory().audit.verify()).toMatchObject({
      ok: false,
      broken: { sequence: after.sequence, reason: 'chain_break' },
    });
  });
});

// The chain is shared by the whole database: tests that need a chain of their own open one.
describeEachEngine('KyselyAuditStore on a fresh chain', (handle, engine) => {
  const directory = () => handle().directory;

  it('prunes from the oldest end through the retention path only and still verifies', async () => {
    const connection = nextConnection();
    await directory().audit.append([record(connection), record(connection)]);
    await sleep(20);
    const cutoff = new Date();
    await sleep(20);
    const kept = record(connection);
    await directory().audit.append([kept]);

    const pruned = await directory().audit.prune(cutoff);
    expect(pruned.pruned).toBe(2);
    const verified = await directory().audit.verify();
    expect(verified).toMatchObject({ ok: true, anchor: 'checkpoint', records: 2 });
    const entries = (await directory().audit.list({ limit: 10 })).entries;
    expect(entries.map((entry) => entry.id)).toEqual([kept.writeId, entries[1].id]);
    expect(entries[1]).toMatchObject({
      actor: 'system',
      action: 'audit.prune',
      details: { pruned: 2 },
    });
    expect(await directory().audit.prune(cutoff)).toEqual({
      pruned: 0,
      prunedThroughSequence: null,
    });

    // Everything pruned: the next record hangs from the checkpoint.
    await directory().audit.prune(new Date(Date.now() + 60_000));
    await directory().audit.append([record(connection)]);
    expect(await directory().audit.verify()).toMatchObject({ ok: true, anchor: 'checkpoint' });
  });

  it('keeps one chain under concurrent writers (two pools on a server)', async () => {
    const url = handle().databaseUrl;
    const other: Directory =
      engine === 'postgres' && url !== null
        ? await openDirectory({ databaseUrl: url })
        : directory();
    try {
      const connection = nextConnection();
      const writes = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? directory() : other).audit.append([record(connection), record(connection)]),
      );
      await Promise.all(writes);
      const verified = await directory().audit.verify();
      expect(verified.ok).toBe(true);
      expect((await directory().audit.list({ connection, limit: 200 })).entries).toHaveLength(80);
    } finally {
      if (other !== directory()) await other.close();
    }
  });
});
