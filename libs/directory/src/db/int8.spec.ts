import { Kysely, sql } from 'kysely';
import { types } from 'pg';
import { closeEngine, EngineHandle, ENGINES, openEngine } from '../testing/engines';
import { migratedDump } from '../testing/pglite';
import { claimRunQuery } from '../repositories/sync-runs.repository';
import { openDatabase } from './open-database';
import type { DB } from './schema';

describe.each(ENGINES)('int8 from the store [%s]', (engine) => {
  let handle: EngineHandle | undefined;
  let db: Kysely<DB>;

  beforeAll(async () => {
    if (engine === 'pglite') {
      db = (await openDatabase({ pgliteDump: (await migratedDump()) as globalThis.Blob })).db;
    } else {
      handle = await openEngine('postgres');
      db = (await openDatabase({ databaseUrl: handle.databaseUrl as string })).db;
    }
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
    await closeEngine(handle);
  });

  it('comes back as a number: a bigserial, a count, the largest safe integer', async () => {
    const run = await claimRunQuery(db, 'int8', 'int8').executeTakeFirstOrThrow();
    expect(typeof run.id).toBe('number');
    const counted = await db
      .selectFrom('sync_runs')
      .select((eb) => eb.fn.countAll<number>().as('runs'))
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(counted.runs).toBe(1);
    const { rows } = await sql<{
      max: number;
      min: number;
    }>`select 9007199254740991::int8 as max, (-9007199254740991)::int8 as min`.execute(db);
    expect(rows[0]).toEqual({ max: Number.MAX_SAFE_INTEGER, min: Number.MIN_SAFE_INTEGER });
  });

  it('fails the query beyond 2^53 rather than answer a rounded number, and the store goes on', async () => {
    for (const value of ['9007199254740993', '-9007199254740993'])
      await expect(sql`select ${sql.raw(`(${value})::int8`)} as n`.execute(db)).rejects.toThrow(
        `int8 value ${value} is beyond JavaScript's safe integers`,
      );
    const { rows } = await sql<{ n: number }>`select 7::int8 as n`.execute(db);
    expect(rows).toEqual([{ n: 7 }]);
  });
});

it("leaves pg's global type parsers as they are (int8 as text)", () => {
  expect(types.getTypeParser(20, 'text')('5')).toBe('5');
});
