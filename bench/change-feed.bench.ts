/**
 * `npm run bench:change-feed`: what the change feed's lock costs a sync's
 * writes on a real PostgreSQL server. Three writers (three vendors syncing
 * at once) each store BENCH_BATCHES transactions of 1 000 new users, the way
 * a sync batch does (prior state `for update`, upsert, 1 000 `created`
 * changes), with the feed's lock taken before the changes (as appendChanges
 * does) and, on a second database without the lock's trigger, without it.
 * Rounds alternate between the two so the machine's load hits both alike.
 * Prints wall time, users per second and the p50/p99 of one transaction.
 *
 *   BENCH_BATCHES=20   transactions of 1 000 users per writer and round
 *   BENCH_ROUNDS=3     rounds per variant (alternating)
 *   BENCH_WRITERS=3    concurrent writers
 */
import { Kysely, sql } from 'kysely';
import { openDatabase } from '../libs/directory/src/db/open-database';
import type { DB } from '../libs/directory/src/db/schema';
import {
  insertChangesQuery,
  lockChangeFeedQuery,
} from '../libs/directory/src/repositories/change-feed';
import { priorStateQuery, upsertUsersQuery } from '../libs/directory/src/repositories/sightings';
import { fingerprintOf } from '../libs/directory/src/sync/fingerprint';
import { canonicalUser, startPostgres } from '@userbridge/directory/testing';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 3);
const BATCH = 1_000;

interface Sample {
  seconds: number;
  transactionMs: number[];
}

async function writer(db: Kysely<DB>, lock: boolean, name: string): Promise<number[]> {
  const times: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const users = Array.from({ length: BATCH }, (_, i) => {
      const user = canonicalUser(name, `${b * BATCH + i}`);
      return { user, fingerprint: fingerprintOf(user) };
    });
    const started = performance.now();
    await db.transaction().execute(async (trx) => {
      await priorStateQuery(
        trx,
        users.map((entry) => entry.user.id),
        users.map((entry) => entry.fingerprint),
        users.map(() => null),
      ).execute(trx);
      await upsertUsersQuery(trx, users, null, 'sync').execute(trx);
      if (lock) await lockChangeFeedQuery().execute(trx);
      await insertChangesQuery(
        trx,
        users.map(({ user }) => ({
          user_id: user.id,
          connection: user.connection,
          vendor: user.vendor,
          vendor_id: user.vendorId,
          kind: 'created' as const,
          fields: {},
          source: 'sync' as const,
          sync_run_id: null,
        })),
        false,
      ).execute(trx);
    });
    times.push(performance.now() - started);
  }
  return times;
}

async function round(db: Kysely<DB>, lock: boolean, r: number): Promise<Sample> {
  const started = performance.now();
  const times = await Promise.all(
    Array.from({ length: WRITERS }, (_, w) => writer(db, lock, `v${w}r${r}`)),
  );
  return { seconds: (performance.now() - started) / 1000, transactionMs: times.flat() };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const server = await startPostgres();
  try {
    const locked = (await openDatabase({ databaseUrl: await server.createDatabase('feed_lock') }))
      .db;
    const unlocked = (
      await openDatabase({ databaseUrl: await server.createDatabase('feed_nolock') })
    ).db;
    await sql`drop trigger changes_feed_lock on changes`.execute(unlocked);
    const samples: Record<'lock' | 'no lock', Sample[]> = { lock: [], 'no lock': [] };
    for (let r = 0; r < ROUNDS; r++) {
      samples['no lock'].push(await round(unlocked, false, r));
      samples.lock.push(await round(locked, true, r));
    }
    const users = WRITERS * BATCHES * BATCH;
    console.log(
      `${WRITERS} writers × ${BATCHES} transactions × ${BATCH} users (${users} users and changes a round), ${ROUNDS} rounds`,
    );
    console.log(
      '| variant | wall s per round (each) | users/s (median round) | transaction p50 / p99 ms |',
    );
    console.log('| --- | --- | --- | --- |');
    for (const [name, list] of Object.entries(samples)) {
      const walls = list.map((sample) => sample.seconds);
      const median = [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)];
      const all = list.flatMap((sample) => sample.transactionMs);
      console.log(
        `| ${name} | ${walls.map((s) => s.toFixed(2)).join(', ')} | ${Math.round(users / median)} | ${percentile(all, 50).toFixed(0)} / ${percentile(all, 99).toFixed(0)} |`,
      );
    }
    await locked.destroy();
    await unlocked.destroy();
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
