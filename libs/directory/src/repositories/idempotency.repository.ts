import { Kysely, type Selectable } from 'kysely';
import type { DB, IdempotencyKeysTable } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { guard } from '../db/store-guard';
import type {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from '../idempotency.port';

const KEY_COLUMNS = ['state', 'fingerprint', 'response', 'expires_at'] as const;
type KeyRow = Pick<Selectable<IdempotencyKeysTable>, (typeof KEY_COLUMNS)[number]>;

function toRecord(row: KeyRow): IdempotencyRecord {
  const expiresAt = row.expires_at.getTime();
  if (row.state === 'completed')
    return {
      state: 'completed',
      fingerprint: row.fingerprint,
      expiresAt,
      response: row.response ?? { status: 500, body: null },
    };
  return { state: row.state, fingerprint: row.fingerprint, expiresAt };
}

export function insertKeyQuery(db: Kysely<DB>, key: string, fingerprint: string, expiresAt: Date) {
  return db
    .insertInto('idempotency_keys')
    .values({ key, state: 'in_flight', fingerprint, response: null, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .returning('key');
}

export function lockKeyQuery(db: Kysely<DB>, key: string) {
  return db.selectFrom('idempotency_keys').select(KEY_COLUMNS).where('key', '=', key).forUpdate();
}

export function setKeyQuery(
  db: Kysely<DB>,
  key: string,
  record: {
    state: IdempotencyRecord['state'];
    fingerprint: string;
    response: StoredResponse | null;
    expiresAt: Date;
  },
) {
  const response = record.response === null ? null : JSON.stringify(record.response);
  return db
    .insertInto('idempotency_keys')
    .values({
      key,
      state: record.state,
      fingerprint: record.fingerprint,
      response,
      expires_at: record.expiresAt,
    })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        state: record.state,
        fingerprint: record.fingerprint,
        response,
        expires_at: record.expiresAt,
      }),
    );
}

export function deleteKeyQuery(db: Kysely<DB>, key: string) {
  return db.deleteFrom('idempotency_keys').where('key', '=', key);
}

export function sweepKeysQuery(db: Kysely<DB>, now: Date) {
  return db
    .deleteFrom('idempotency_keys')
    .where(
      'key',
      'in',
      db.selectFrom('idempotency_keys').select('key').where('expires_at', '<=', now).limit(1_000),
    );
}

/**
 * Idempotency-Key records in the database, so a replay works on any process
 * and after a restart. claim() is atomic across processes: a new key is won
 * by the one INSERT that lands; an existing one is decided under its row lock.
 */
export class KyselyIdempotencyStore implements IdempotencyStore {
  private operations = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = Date.now,
  ) {}

  claim(key: string, fingerprint: string, ttlMs: number): Promise<ClaimResult> {
    return guard(async () => {
      await this.maintain();
      const now = this.now();
      const expiresAt = new Date(now + ttlMs);
      return this.db.transaction().execute(async (trx): Promise<ClaimResult> => {
        const inserted = await insertKeyQuery(trx, key, fingerprint, expiresAt).executeTakeFirst();
        if (inserted) return { claimed: true, previous: null };
        const row = await lockKeyQuery(trx, key).executeTakeFirst();
        const current = row && row.expires_at.getTime() > now ? toRecord(row) : null;
        if (current && current.state !== 'unknown') return { claimed: false, current };
        if (current && current.fingerprint !== fingerprint) return { claimed: false, current };
        await setKeyQuery(trx, key, {
          state: 'in_flight',
          fingerprint,
          response: null,
          expiresAt,
        }).execute();
        return { claimed: true, previous: current };
      });
    });
  }

  complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<void> {
    return guard(async () => {
      await setKeyQuery(this.db, key, {
        state: 'completed',
        fingerprint,
        response,
        expiresAt: new Date(this.now() + ttlMs),
      }).execute();
    });
  }

  markUnknown(key: string, fingerprint: string, ttlMs: number): Promise<void> {
    return guard(async () => {
      await setKeyQuery(this.db, key, {
        state: 'unknown',
        fingerprint,
        response: null,
        expiresAt: new Date(this.now() + ttlMs),
      }).execute();
    });
  }

  release(key: string): Promise<void> {
    return guard(async () => {
      await deleteKeyQuery(this.db, key).execute();
    });
  }

  /** Expired keys are deleted a thousand at a time, every thousand claims. */
  private async maintain(): Promise<void> {
    if (++this.operations % 1000 !== 0) return;
    await sweepKeysQuery(this.db, new Date(this.now())).execute();
  }
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  insert: (db) => insertKeyQuery(db, 'k', 'f', new Date('2026-01-01T00:00:00.000Z')),
  lock: (db) => lockKeyQuery(db, 'k'),
  set: (db) =>
    setKeyQuery(db, 'k', {
      state: 'completed',
      fingerprint: 'f',
      response: { status: 201, body: null },
      expiresAt: new Date('2026-01-01T00:00:00.000Z'),
    }),
  delete: (db) => deleteKeyQuery(db, 'k'),
  sweep: (db) => sweepKeysQuery(db, new Date('2026-01-01T00:00:00.000Z')),
} satisfies SqlExamples;
