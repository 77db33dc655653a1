import { sql } from 'kysely';
import { transactionOf } from '../db/transaction';
import type { Directory, DirectoryTransaction } from '../directory.port';

/*
 * For specs of work that plugs into a directory transaction (write hooks):
 * a scratch table written through the handle shows whether that work
 * committed or rolled back with the transaction it was given.
 */

const createMarkers = sql`create table if not exists test_transaction_markers (name text primary key)`;

/** Writes a marker row through the transaction handle. */
export async function writeMarker(tx: DirectoryTransaction, name: string): Promise<void> {
  const trx = transactionOf(tx);
  await createMarkers.execute(trx);
  await sql`insert into test_transaction_markers (name) values (${name})`.execute(trx);
}

/** Whether a committed marker exists (read in a transaction of its own). */
export function markerExists(directory: Directory, name: string): Promise<boolean> {
  return directory.transaction(async (tx) => {
    const trx = transactionOf(tx);
    await createMarkers.execute(trx);
    const found = await sql`select 1 from test_transaction_markers where name = ${name}`.execute(
      trx,
    );
    return found.rows.length > 0;
  });
}

/** Whether the transaction sees the user row and how many change entries it has (its own uncommitted writes included). */
export async function seenInTransaction(
  tx: DirectoryTransaction,
  globalId: string,
): Promise<{ user: boolean; changes: number }> {
  const trx = transactionOf(tx);
  const user = await sql`select 1 from vendor_users where id = ${globalId}`.execute(trx);
  const changes = await sql<{
    n: number;
  }>`select count(*)::int as n from changes where user_id = ${globalId}`.execute(trx);
  return { user: user.rows.length > 0, changes: changes.rows[0]?.n ?? 0 };
}
