import { sql } from 'kysely';
import { DEFAULT_DELETION_POLICY, Directory, DirectoryOptions } from './directory.port';
import { openDatabase } from './db/open-database';
import { guard } from './db/store-guard';
import { inTransaction } from './db/transaction';
import { KyselyReconciliationStore } from './reconcile/reconciliation.store';
import { KyselyAuditStore } from './repositories/audit.repository';
import { KyselyChangeRepository } from './repositories/changes.repository';
import { KyselyIdempotencyStore } from './repositories/idempotency.repository';
import { KyselyOffboardingStore } from './repositories/offboarding.repository';
import { KyselyScimUserStore } from './repositories/scim.repository';
import { KyselySyncRunRepository } from './repositories/sync-runs.repository';
import { KyselyUserRepository } from './repositories/users.repository';
import { KyselyWebhookStore } from './repositories/webhooks.repository';
import { SyncEngine } from './sync/sync.engine';

/**
 * Opens the store (a server at `databaseUrl`, else the embedded PGlite),
 * migrates it to the latest schema and hands out its repositories.
 * @throws DirectoryOpenError naming DATABASE_URL (or USERBRIDGE_DATA_DIR) when it cannot.
 */
function concurrencyOf(
  option: DirectoryOptions['syncPageConcurrency'],
): ((connection: string) => number | undefined) | undefined {
  if (option === undefined) return undefined;
  return typeof option === 'number' ? () => option : option;
}

export async function openDirectory(options: DirectoryOptions = {}): Promise<Directory> {
  const { db, engine } = await openDatabase(options);
  const leaseMs = options.syncLeaseMs ?? 120_000;
  let closed = false;
  return {
    engine,
    users: new KyselyUserRepository(db),
    changes: new KyselyChangeRepository(db),
    syncRuns: new KyselySyncRunRepository(db, leaseMs),
    sync: new SyncEngine(db, {
      leaseMs,
      pageCap: options.syncPageCap ?? 10_000,
      pageConcurrency: concurrencyOf(options.syncPageConcurrency),
      deletion: { ...DEFAULT_DELETION_POLICY, ...options.syncDeletion },
    }),
    reconciliation: new KyselyReconciliationStore(db, {
      keepRuns: options.keepReconciliationRuns ?? 3,
    }),
    idempotency: new KyselyIdempotencyStore(db),
    audit: new KyselyAuditStore(db),
    offboarding: new KyselyOffboardingStore(db),
    webhooks: new KyselyWebhookStore(db),
    scim: new KyselyScimUserStore(db),
    transaction: (work) => guard(() => inTransaction(db, (_trx, tx) => work(tx))),
    ping: () =>
      guard(async () => {
        await sql`select 1`.execute(db);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
