import type { Kysely, Transaction } from 'kysely';
import type { DirectoryTransaction } from '../directory.port';
import type { DB } from './schema';

const live = new WeakMap<DirectoryTransaction, Transaction<DB>>();

/**
 * Runs work in one database transaction and hands it an opaque handle for
 * work outside this lib. The handle dies with the transaction: a hook that
 * kept it cannot write after the commit or rollback.
 */
export async function inTransaction<T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>, handle: DirectoryTransaction) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const handle = Object.freeze({}) as DirectoryTransaction;
    live.set(handle, trx);
    try {
      return await work(trx, handle);
    } finally {
      live.delete(handle);
    }
  });
}

/** The Kysely transaction behind a handle, for this lib's query functions only. */
export function transactionOf(handle: DirectoryTransaction): Transaction<DB> {
  const trx = live.get(handle);
  if (!trx) throw new Error('This directory transaction has ended (committed or rolled back)');
  return trx;
}
