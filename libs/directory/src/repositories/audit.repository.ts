import { Kysely, sql, Transaction } from 'kysely';
import { createHash, randomUUID } from 'node:crypto';
import type {
  AuditEntry,
  AuditFilters,
  AuditListQuery,
  AuditOutcome,
  AuditPage,
  AuditPruneResult,
  AuditRecordInput,
  AuditStore,
  AuditVerification,
} from '../audit.port';
import { SYSTEM_ACTOR } from '../audit.port';
import type { DirectoryTransaction, FieldChange } from '../directory.port';
import type { DB } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { guard } from '../db/store-guard';
import { inTransaction, transactionOf } from '../db/transaction';
import { lockChangeFeedQuery } from './change-feed';
// jsonb gives keys back in its own order: the hash covers keys sorted.
import { stableJson } from '@userbridge/cursor';

/** int8 as a number (the pool parses it already; a count may still come as text from raw SQL). */
const toNumber = (value: string | number | bigint): number => Number(value);

/** The previous hash of the chain's first record. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The transaction-local setting under which the append-only trigger lets DELETE through (migration 0006). */
const RETENTION_SETTING = 'userbridge.audit_retention';

/** Records verified per read: the chain is walked in keyset batches, never loaded whole. */
const VERIFY_BATCH = 1_000;
const STREAM_BATCH = 500;

/** A row as stored, with what its hash covers. */
export interface AuditRow {
  seq: string | number;
  write_id: string;
  kind: string;
  recorded_at: Date;
  request_id: string | null;
  actor: string;
  channel: string;
  action: string;
  target: string | null;
  connection: string | null;
  changes: Record<string, FieldChange>;
  details: Record<string, unknown> | null;
  outcome: string | null;
  error_code: string | null;
  idempotency_key: string | null;
  offboarding_run_id: string | null;
  prev_hash: string;
  hash: string;
}

type HashedFields = Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>;

/**
 * A record as its hash covers it: every stored field but the sequence (the
 * chain's links order the records) in a fixed order, the time as ISO-8601
 * (millisecond precision, as written).
 */
export function canonicalAuditRecord(row: HashedFields): string {
  return stableJson([
    row.write_id,
    row.kind,
    new Date(row.recorded_at).toISOString(),
    row.request_id,
    row.actor,
    row.channel,
    row.action,
    row.target,
    row.connection,
    row.changes,
    row.details,
    row.outcome,
    row.error_code,
    row.idempotency_key,
    row.offboarding_run_id,
  ]);
}

/** `sha256(previous hash || canonical record)`, hex. */
export function auditRecordHash(previousHash: string, row: HashedFields): string {
  return createHash('sha256')
    .update(previousHash + canonicalAuditRecord(row))
    .digest('hex');
}

export function lastAuditRecordQuery(db: Kysely<DB>) {
  return db.selectFrom('audit_records').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1);
}

export function latestAuditCheckpointQuery(db: Kysely<DB>) {
  return db
    .selectFrom('audit_checkpoints')
    .select(['anchor_hash', 'pruned_through_seq'])
    .orderBy('id', 'desc')
    .limit(1);
}

/** The checkpoint a chain that starts at `seq` with `prevHash` hangs from, if any. */
export function anchoringCheckpointQuery(db: Kysely<DB>, prevHash: string, seq: number) {
  return db
    .selectFrom('audit_checkpoints')
    .select(['id'])
    .where('anchor_hash', '=', prevHash)
    .where('pruned_through_seq', '<', seq)
    .orderBy('id', 'desc')
    .limit(1);
}

/** Rows in one statement, in the given order (their sequence follows it); one JSON parameter. */
export function insertAuditRecordsQuery(
  rows: readonly (HashedFields & { prev_hash: string; hash: string })[],
) {
  const json = rows.map((row) => ({
    ...row,
    recorded_at: new Date(row.recorded_at).toISOString(),
  }));
  return sql`insert into audit_records (write_id, kind, recorded_at, request_id, actor, channel,
      action, target, connection, changes, details, outcome, error_code, idempotency_key,
      offboarding_run_id, prev_hash, hash)
    select r.write_id, r.kind, r.recorded_at, r.request_id, r.actor, r.channel, r.action, r.target,
      r.connection, r.changes, r.details, r.outcome, r.error_code, r.idempotency_key,
      r.offboarding_run_id, r.prev_hash, r.hash
    from rows from (jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as (write_id text, kind text,
        recorded_at timestamptz, request_id text, actor text, channel text, action text,
        target text, connection text, changes jsonb, details jsonb, outcome text,
        error_code text, idempotency_key text, offboarding_run_id text, prev_hash text,
        hash text))
      with ordinality as r(write_id, kind, recorded_at, request_id, actor, channel, action,
        target, connection, changes, details, outcome, error_code, idempotency_key,
        offboarding_run_id, prev_hash, hash, n)
    order by r.n`;
}

/** The chain in sequence order, one batch after `after`. */
export function auditChainBatchQuery(db: Kysely<DB>, after: number, limit: number) {
  return db
    .selectFrom('audit_records')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit);
}

const entryOutcome = sql<string>`coalesce(o.outcome, h.outcome, 'unknown')`;

/** Entries (an intent or event row with its outcome row, if any), oldest first, after a sequence. */
export function listAuditEntriesQuery(db: Kysely<DB>, query: AuditListQuery) {
  let select = db
    .selectFrom('audit_records as h')
    .leftJoin('audit_records as o', (join) =>
      join.onRef('o.write_id', '=', 'h.write_id').on('o.kind', '=', 'outcome'),
    )
    .select([
      'h.seq',
      'h.write_id',
      'h.kind',
      'h.recorded_at',
      'h.request_id',
      'h.actor',
      'h.channel',
      'h.action',
      sql<string | null>`coalesce(o.target, h.target)`.as('target'),
      'h.connection',
      'h.changes',
      'h.details',
      entryOutcome.as('outcome'),
      sql<string | null>`coalesce(o.error_code, h.error_code)`.as('error_code'),
      'h.idempotency_key',
      'h.offboarding_run_id',
      'o.recorded_at as finished_at',
      'o.changes as result_changes',
    ])
    .where('h.kind', 'in', ['intent', 'event'])
    .orderBy('h.seq')
    .limit(query.limit + 1);
  if (query.after !== undefined && query.after > 0)
    select = select.where('h.seq', '>', query.after);
  if (query.actor !== undefined) select = select.where('h.actor', '=', query.actor);
  if (query.action !== undefined) select = select.where('h.action', '=', query.action);
  if (query.connection !== undefined) select = select.where('h.connection', '=', query.connection);
  if (query.target !== undefined) {
    const target = query.target;
    select = select.where((eb) =>
      eb.or([eb('h.target', '=', target), eb('o.target', '=', target)]),
    );
  }
  if (query.outcome !== undefined) select = select.where(entryOutcome, '=', query.outcome);
  if (query.from !== undefined) select = select.where('h.recorded_at', '>=', query.from);
  if (query.to !== undefined) select = select.where('h.recorded_at', '<', query.to);
  return select;
}

/** Lets this transaction's DELETEs through the append-only trigger (and no one else's). */
export function allowPruneQuery() {
  return sql`select set_config(${RETENTION_SETTING}, 'prune', true)`;
}

/**
 * Removes the oldest records up to (not including) the first one recorded at
 * or after `olderThan`, and answers how many, the last one's sequence and
 * hash (the new oldest record links to it).
 */
export function pruneAuditQuery(olderThan: Date) {
  return sql<{
    pruned: string | number;
    through_seq: string | number | null;
    anchor_hash: string | null;
  }>`
    with bound as (
      select min(seq) as keep_from from audit_records where recorded_at >= ${olderThan.toISOString()}::timestamptz
    ), gone as (
      delete from audit_records
       where seq < coalesce((select keep_from from bound), 9223372036854775807)
      returning seq, hash
    )
    select count(*) as pruned, max(seq) as through_seq,
      (select hash from gone order by seq desc limit 1) as anchor_hash
    from gone`;
}

export function insertAuditCheckpointQuery(
  db: Kysely<DB>,
  checkpoint: { throughSeq: number; anchorHash: string; pruned: number },
) {
  return db.insertInto('audit_checkpoints').values({
    pruned_through_seq: checkpoint.throughSeq,
    anchor_hash: checkpoint.anchorHash,
    pruned_records: checkpoint.pruned,
  });
}

function rowOf(record: AuditRecordInput, at: Date): HashedFields {
  return {
    write_id: record.writeId,
    kind: record.kind,
    recorded_at: at,
    request_id: record.requestId,
    actor: record.actor,
    channel: record.channel,
    action: record.action,
    target: record.target,
    connection: record.connection,
    changes: record.changes,
    details: record.details ?? null,
    outcome: record.outcome,
    error_code: record.errorCode,
    idempotency_key: record.idempotencyKey,
    offboarding_run_id: record.offboardingRunId,
  };
}

/**
 * The one way into the audit chain, in the caller's transaction: takes the
 * chain's lock (the change feed's key: see migration 0006), reads the last
 * hash (the newest record's, else the latest checkpoint's, else the
 * genesis), hashes each record onto it and inserts them. The lock is held to
 * commit, so no other writer reads the same last hash: one chain, whichever
 * process writes. Like appendChanges, call it after the transaction's last
 * row lock.
 */
export async function appendAudit(
  trx: Transaction<DB>,
  records: readonly AuditRecordInput[],
): Promise<void> {
  if (records.length === 0) return;
  await lockChangeFeedQuery().execute(trx);
  const last = await lastAuditRecordQuery(trx).executeTakeFirst();
  let previous =
    last?.hash ??
    (await latestAuditCheckpointQuery(trx).executeTakeFirst())?.anchor_hash ??
    AUDIT_GENESIS_HASH;
  const at = new Date();
  const rows = records.map((record) => {
    const fields = rowOf(record, at);
    const hash = auditRecordHash(previous, fields);
    const row = { ...fields, prev_hash: previous, hash };
    previous = hash;
    return row;
  });
  await insertAuditRecordsQuery(rows).execute(trx);
}

interface EntryRow {
  seq: string | number;
  write_id: string;
  kind: string;
  recorded_at: Date;
  request_id: string | null;
  actor: string;
  channel: string;
  action: string;
  target: string | null;
  connection: string | null;
  changes: Record<string, FieldChange>;
  details: Record<string, unknown> | null;
  outcome: string;
  error_code: string | null;
  idempotency_key: string | null;
  offboarding_run_id: string | null;
  finished_at: Date | null;
  result_changes: Record<string, FieldChange> | null;
}

function toEntry(row: EntryRow): AuditEntry {
  const finishedAt =
    row.kind === 'event' ? row.recorded_at : row.finished_at === null ? null : row.finished_at;
  return {
    id: row.write_id,
    sequence: toNumber(row.seq),
    at: new Date(row.recorded_at).toISOString(),
    finishedAt: finishedAt === null ? null : new Date(finishedAt).toISOString(),
    requestId: row.request_id,
    actor: row.actor,
    channel: row.channel,
    action: row.action,
    target: row.target,
    connection: row.connection,
    changes:
      row.outcome === 'succeeded' && row.result_changes !== null ? row.result_changes : row.changes,
    details: row.details,
    outcome: row.outcome as AuditOutcome,
    errorCode: row.error_code,
    idempotencyKey: row.idempotency_key,
    offboardingRunId: row.offboarding_run_id,
  };
}

export class KyselyAuditStore implements AuditStore {
  constructor(private readonly db: Kysely<DB>) {}

  append(records: readonly AuditRecordInput[], tx?: DirectoryTransaction): Promise<void> {
    if (tx !== undefined) return guard(() => appendAudit(transactionOf(tx), records));
    return guard(() => inTransaction(this.db, (trx) => appendAudit(trx, records)));
  }

  list(query: AuditListQuery): Promise<AuditPage> {
    return guard(async () => {
      const rows = (await listAuditEntriesQuery(this.db, query).execute()) as EntryRow[];
      const more = rows.length > query.limit;
      const page = (more ? rows.slice(0, query.limit) : rows).map(toEntry);
      return { entries: page, nextAfter: more ? page[page.length - 1].sequence : null };
    });
  }

  async *stream(filters: AuditFilters, batchSize = STREAM_BATCH): AsyncIterable<AuditEntry> {
    let after = 0;
    for (;;) {
      const page = await this.list({ ...filters, after, limit: batchSize });
      yield* page.entries;
      if (page.nextAfter === null) return;
      after = page.nextAfter;
    }
  }

  verify(): Promise<AuditVerification> {
    return guard(async () => {
      let after = 0;
      let records = 0;
      let expected: string | null = null;
      let anchor: AuditVerification['anchor'] = 'empty';
      let last: AuditRow | null = null;
      for (;;) {
        const rows = (await auditChainBatchQuery(
          this.db,
          after,
          VERIFY_BATCH,
        ).execute()) as AuditRow[];
        for (const row of rows) {
          const seq = toNumber(row.seq);
          records++;
          if (expected === null) {
            if (row.prev_hash === AUDIT_GENESIS_HASH) anchor = 'genesis';
            else if (await anchoringCheckpointQuery(this.db, row.prev_hash, seq).executeTakeFirst())
              anchor = 'checkpoint';
            else return broken(records, 'unanchored', row);
          } else if (row.prev_hash !== expected) {
            return broken(records, 'chain_break', row, anchor);
          }
          if (auditRecordHash(row.prev_hash, row) !== row.hash)
            return broken(records, 'hash_mismatch', row, anchor);
          expected = row.hash;
          last = row;
        }
        if (rows.length < VERIFY_BATCH) break;
        after = toNumber(rows[rows.length - 1].seq);
      }
      return {
        ok: true,
        records,
        anchor,
        lastSequence: last === null ? null : toNumber(last.seq),
        lastHash: last?.hash ?? null,
        broken: null,
      };
    });
  }

  prune(olderThan: Date): Promise<AuditPruneResult> {
    return guard(() =>
      inTransaction(this.db, async (trx) => {
        // The chain's lock first: no record is appended between the bound and the checkpoint.
        await lockChangeFeedQuery().execute(trx);
        await allowPruneQuery().execute(trx);
        const result = (await pruneAuditQuery(olderThan).execute(trx)).rows[0];
        const pruned = toNumber(result?.pruned ?? 0);
        if (pruned === 0 || result?.through_seq == null || result.anchor_hash === null)
          return { pruned: 0, prunedThroughSequence: null };
        const throughSeq = toNumber(result.through_seq);
        await insertAuditCheckpointQuery(trx, {
          throughSeq,
          anchorHash: result.anchor_hash,
          pruned,
        }).execute();
        await appendAudit(trx, [
          {
            writeId: randomUUID(),
            kind: 'event',
            requestId: null,
            actor: SYSTEM_ACTOR,
            channel: 'retention',
            action: 'audit.prune',
            target: null,
            connection: null,
            changes: {},
            details: {
              pruned,
              prunedThroughSequence: throughSeq,
              anchorHash: result.anchor_hash,
              olderThan: olderThan.toISOString(),
            },
            outcome: 'succeeded',
            errorCode: null,
            idempotencyKey: null,
            offboardingRunId: null,
          },
        ]);
        return { pruned, prunedThroughSequence: throughSeq };
      }),
    );
  }
}

function broken(
  records: number,
  reason: 'hash_mismatch' | 'chain_break' | 'unanchored',
  row: AuditRow,
  anchor: AuditVerification['anchor'] = 'empty',
): AuditVerification {
  return {
    ok: false,
    records,
    anchor,
    lastSequence: null,
    lastHash: null,
    broken: { sequence: toNumber(row.seq), writeId: row.write_id, reason },
  };
}

/** The audit event of a user a sync found gone at its vendor and marked deleted. */
export function syncDeletionRecord(
  deleted: { id: string; connection: string; deleted_at: Date },
  runId: number,
): AuditRecordInput {
  return {
    writeId: randomUUID(),
    kind: 'event',
    requestId: null,
    actor: SYSTEM_ACTOR,
    channel: 'sync',
    action: 'user.delete',
    target: deleted.id,
    connection: deleted.connection,
    changes: {
      deletedAt: { before: null, after: new Date(deleted.deleted_at).toISOString() },
    },
    details: { syncRunId: runId },
    outcome: 'succeeded',
    errorCode: null,
    idempotencyKey: null,
    offboardingRunId: null,
  };
}

const EXAMPLE_TIME = new Date('2026-01-01T00:00:00.000Z');

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  last: (db) => lastAuditRecordQuery(db),
  latestCheckpoint: (db) => latestAuditCheckpointQuery(db),
  anchoringCheckpoint: (db) => anchoringCheckpointQuery(db, 'h', 1),
  'insert (one JSON parameter)': () => insertAuditRecordsQuery([]),
  chainBatch: (db) => auditChainBatchQuery(db, 0, VERIFY_BATCH),
  'list (no filter)': (db) => listAuditEntriesQuery(db, { limit: 50 }),
  'list (every filter)': (db) =>
    listAuditEntriesQuery(db, {
      actor: 'a',
      action: 'user.patch',
      target: 'a:1',
      connection: 'a',
      outcome: 'unknown',
      from: EXAMPLE_TIME,
      to: EXAMPLE_TIME,
      after: 10,
      limit: 50,
    }),
  allowPrune: () => allowPruneQuery(),
  prune: () => pruneAuditQuery(EXAMPLE_TIME),
  insertCheckpoint: (db) =>
    insertAuditCheckpointQuery(db, { throughSeq: 1, anchorHash: 'h', pruned: 1 }),
} satisfies SqlExamples;
