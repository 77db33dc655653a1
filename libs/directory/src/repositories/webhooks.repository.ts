import { Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import { guard } from '../db/store-guard';
import type {
  AttemptOutcome,
  AttemptRecord,
  ClaimedMessage,
  DispatchTarget,
  NewWebhookEndpoint,
  NewWebhookMessage,
  WebhookDisabledReason,
  WebhookEndpoint,
  WebhookEndpointPatch,
  WebhookMessageView,
  WebhookQueueStats,
  WebhookStore,
} from '../webhooks.port';
import type { SqlExamples } from '../db/sql-examples';
import { toIso, toIsoOrNull } from './rows';

/** int8 comes parsed from the pool; a count or an aggregate may still be text on some paths. */
const toNumber = (value: string | number | bigint): number => Number(value);

const ENDPOINT_COLUMNS = [
  'id',
  'url',
  'description',
  'events',
  'connections',
  'owner_label',
  'owner_connections',
  'enabled',
  'disabled_reason',
  'disabled_at',
  'feed_cursor',
  'failing_since',
  'last_success_at',
  'previous_secret_until',
  'created_at',
  'updated_at',
] as const;

interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: string[] | null;
  connections: string[] | null;
  owner_label: string;
  owner_connections: string[] | null;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  feed_cursor: string | number;
  failing_since: Date | null;
  last_success_at: Date | null;
  previous_secret_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    connections: row.connections,
    ownerLabel: row.owner_label,
    ownerConnections: row.owner_connections,
    enabled: row.enabled,
    disabledReason: row.disabled_reason as WebhookDisabledReason | null,
    disabledAt: toIsoOrNull(row.disabled_at),
    cursor: toNumber(row.feed_cursor),
    failingSince: toIsoOrNull(row.failing_since),
    lastSuccessAt: toIsoOrNull(row.last_success_at),
    previousSecretUntil: toIsoOrNull(row.previous_secret_until),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** Starts at the end of the feed: its newest sequence, read in the same statement. */
export function insertEndpointQuery(db: Kysely<DB>, endpoint: NewWebhookEndpoint) {
  return db
    .insertInto('webhook_endpoints')
    .values({
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      connections: endpoint.connections,
      owner_label: endpoint.ownerLabel,
      owner_connections: endpoint.ownerConnections,
      secret: endpoint.secret,
      feed_cursor: sql<number>`(select coalesce(max(sequence), 0) from changes)`,
      created_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .returning(ENDPOINT_COLUMNS);
}

export function listEndpointsQuery(
  db: Kysely<DB>,
  query: { ownerLabel?: string; after?: string; limit: number },
) {
  let select = db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .orderBy('id')
    .limit(query.limit);
  if (query.ownerLabel !== undefined) select = select.where('owner_label', '=', query.ownerLabel);
  if (query.after !== undefined) select = select.where('id', '>', query.after);
  return select;
}

export function getEndpointQuery(db: Kysely<DB>, id: string) {
  return db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('id', '=', id);
}

export function updateEndpointQuery(db: Kysely<DB>, id: string, patch: WebhookEndpointPatch) {
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.events !== undefined ? { events: patch.events } : {}),
      ...(patch.connections !== undefined ? { connections: patch.connections } : {}),
      ...(patch.enabled === true
        ? { enabled: true, disabled_reason: null, disabled_at: null, failing_since: null }
        : {}),
      ...(patch.enabled === false
        ? {
            enabled: false,
            disabled_reason: eb
              .case()
              .when('enabled', '=', true)
              .then('manual')
              .else(eb.ref('disabled_reason'))
              .end(),
            disabled_at: eb
              .case()
              .when('enabled', '=', true)
              .then(sql<Date>`now()`)
              .else(eb.ref('disabled_at'))
              .end(),
          }
        : {}),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .returning(ENDPOINT_COLUMNS);
}

export function deleteEndpointQuery(db: Kysely<DB>, id: string) {
  return db.deleteFrom('webhook_endpoints').where('id', '=', id).returning('id');
}

export function rotateSecretQuery(db: Kysely<DB>, id: string, secret: string, overlapMs: number) {
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      previous_secret: eb.ref('secret'),
      previous_secret_until: sql<Date>`now() + make_interval(secs => ${overlapMs / 1000})`,
      secret,
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .returning(ENDPOINT_COLUMNS);
}

export function dispatchTargetsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'feed_cursor', 'events', 'connections', 'owner_connections'])
    .where('enabled', '=', true)
    .orderBy('id');
}

/** Compare-and-set: only the process that still sees the cursor at `from` moves it. */
export function moveCursorQuery(db: Kysely<DB>, endpointId: string, from: number, to: number) {
  return db
    .updateTable('webhook_endpoints')
    .set({ feed_cursor: to })
    .where('id', '=', endpointId)
    .where('feed_cursor', '=', from)
    .where('enabled', '=', true)
    .returning('id');
}

/**
 * Messages in the given order (their ids follow it); one JSON parameter. A
 * sequence queued before (a replay) is queued again as it was, webhook-id included.
 */
export function insertMessagesQuery(
  db: Kysely<DB>,
  endpointId: string,
  messages: NewWebhookMessage[],
) {
  const rows = messages.map((message) => ({
    webhook_id: message.webhookId,
    event_type: message.eventType,
    sequence: message.sequence,
    body: message.body,
  }));
  return sql`insert into webhook_messages
      (endpoint_id, webhook_id, event_type, sequence, body, status, next_attempt_at, created_at)
    select ${endpointId}, i.webhook_id, i.event_type, i.sequence, i.body, 'pending', now(), now()
    from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (webhook_id text,
        event_type text, sequence bigint, body text))
      with ordinality as i(webhook_id, event_type, sequence, body, n)
    order by i.n
    on conflict (endpoint_id, sequence) do update
      set status = 'pending', attempts = 0, next_attempt_at = now(), finished_at = null, last_error = null
    returning id`;
}

export function rewindQuery(db: Kysely<DB>, endpointId: string, after: number) {
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      feed_cursor: sql<number>`least(${eb.ref('feed_cursor')}, ${after}::bigint)`,
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', endpointId)
    .returning(ENDPOINT_COLUMNS);
}

/**
 * The lease. Per enabled endpoint, its oldest undelivered message is the only
 * candidate (messages of one endpoint go out in order), taken only when it is
 * due and nobody holds it. Two processes claiming at once: the second one's
 * update waits for the first one's row lock, re-checks the row (lease taken)
 * and leaves it, so a message has one holder at a time. A holder that dies
 * leaves the lease to run out; the message is then claimed again.
 */
export function claimMessagesQuery(owner: string, leaseMs: number, limit: number) {
  return sql<{
    id: string | number;
    endpoint_id: string;
    webhook_id: string;
    event_type: string;
    sequence: string | number | null;
    body: string;
    attempts: number;
    url: string;
    secret: string;
    previous_secret: string | null;
  }>`update webhook_messages m
      set lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
          lease_owner = ${owner},
          attempts = m.attempts + 1
     from webhook_endpoints e
    where m.id in (
            select head.id
              from (select distinct on (p.endpoint_id) p.id, p.endpoint_id, p.next_attempt_at, p.lease_until
                      from webhook_messages p
                     where p.status = 'pending'
                     order by p.endpoint_id, p.id) head
              join webhook_endpoints he on he.id = head.endpoint_id and he.enabled
             where head.next_attempt_at <= now()
               and (head.lease_until is null or head.lease_until < now())
             order by head.next_attempt_at
             limit ${limit})
      and e.id = m.endpoint_id
      and e.enabled
      and m.status = 'pending'
      and m.next_attempt_at <= now()
      and (m.lease_until is null or m.lease_until < now())
    returning m.id, m.endpoint_id, m.webhook_id, m.event_type, m.sequence, m.body, m.attempts, e.url,
      e.secret, case when e.previous_secret_until > now() then e.previous_secret end as previous_secret`;
}

export function insertAttemptQuery(db: Kysely<DB>, attempt: AttemptRecord) {
  return db.insertInto('webhook_attempts').values({
    message_id: attempt.messageId,
    endpoint_id: attempt.endpointId,
    attempted_at: sql<Date>`now()`,
    duration_ms: Math.max(0, Math.round(attempt.durationMs)),
    status_code: attempt.statusCode,
    outcome: attempt.outcome,
    error: attempt.error,
  });
}

/**
 * A success ends the endpoint's failing streak; a failure starts one (or
 * continues it). A `410 Gone`, or a failure after `disableAfterMs` of nothing
 * but failures, disables it: it keeps its cursor and undelivered messages.
 */
export function endpointAfterAttemptQuery(db: Kysely<DB>, attempt: AttemptRecord) {
  if (attempt.outcome === 'succeeded')
    return db
      .updateTable('webhook_endpoints')
      .set({ last_success_at: sql<Date>`now()`, failing_since: null })
      .where('id', '=', attempt.endpointId);
  const expired = sql<boolean>`coalesce(failing_since, now()) < now() - make_interval(secs => ${attempt.disableAfterMs / 1000})`;
  const disable =
    attempt.outcome === 'gone' ? sql<boolean>`true` : sql<boolean>`enabled and ${expired}`;
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      failing_since: sql<Date>`coalesce(failing_since, now())`,
      enabled: sql<boolean>`enabled and not (${disable})`,
      disabled_reason: eb
        .case()
        .when(sql<boolean>`enabled and (${disable})`)
        .then(attempt.outcome === 'gone' ? 'gone' : 'failing')
        .else(eb.ref('disabled_reason'))
        .end(),
      disabled_at: eb
        .case()
        .when(sql<boolean>`enabled and (${disable})`)
        .then(sql<Date>`now()`)
        .else(eb.ref('disabled_at'))
        .end(),
    }))
    .where('id', '=', attempt.endpointId);
}

/** Only the lease holder settles the message (a taken-over lease belongs to the newer holder). */
export function settleMessageQuery(db: Kysely<DB>, attempt: AttemptRecord) {
  const next = attempt.next;
  return db
    .updateTable('webhook_messages')
    .set({
      status: next.status,
      next_attempt_at:
        next.status === 'pending'
          ? sql<Date>`now() + make_interval(secs => ${next.delayMs / 1000})`
          : sql<Date>`next_attempt_at`,
      finished_at: next.status === 'pending' ? null : sql<Date>`now()`,
      lease_until: null,
      lease_owner: null,
      last_error: attempt.error,
    })
    .where('id', '=', attempt.messageId)
    .where('lease_owner', '=', attempt.owner);
}

export function redeliverQuery(db: Kysely<DB>, endpointId: string, messageId: number) {
  return db
    .updateTable('webhook_messages')
    .set((eb) => ({
      status: 'pending',
      attempts: 0,
      next_attempt_at: sql<Date>`now()`,
      finished_at: null,
      last_error: eb
        .case()
        .when('status', '=', 'pending')
        .then(eb.ref('last_error'))
        .else(null)
        .end(),
    }))
    .where('id', '=', messageId)
    .where('endpoint_id', '=', endpointId)
    .returning('id');
}

export function listMessagesQuery(
  db: Kysely<DB>,
  endpointId: string,
  query: { before?: number; limit: number },
) {
  let select = db
    .selectFrom('webhook_messages')
    .select([
      'id',
      'webhook_id',
      'event_type',
      'sequence',
      'status',
      'attempts',
      'next_attempt_at',
      'created_at',
      'finished_at',
      'last_error',
    ])
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.before !== undefined) select = select.where('id', '<', query.before);
  return select;
}

export function listAttemptsQuery(db: Kysely<DB>, messageIds: number[]) {
  return db
    .selectFrom('webhook_attempts')
    .select(['id', 'message_id', 'attempted_at', 'duration_ms', 'status_code', 'outcome', 'error'])
    .where('message_id', '=', sql<number>`any(${messageIds}::bigint[])`)
    .orderBy('id');
}

export function queueStatsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('webhook_messages')
    .select((eb) => [
      'endpoint_id',
      eb.fn.countAll().as('pending'),
      eb.fn.min('created_at').as('oldest'),
    ])
    .where('status', '=', 'pending')
    .groupBy('endpoint_id');
}

export function pruneMessagesQuery(db: Kysely<DB>, before: Date) {
  return db
    .deleteFrom('webhook_messages')
    .where('status', '<>', 'pending')
    .where('finished_at', '<', before)
    .returning('id');
}

export class KyselyWebhookStore implements WebhookStore {
  constructor(private readonly db: Kysely<DB>) {}

  create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    return guard(async () =>
      toEndpoint(
        (await insertEndpointQuery(this.db, endpoint).executeTakeFirstOrThrow()) as EndpointRow,
      ),
    );
  }

  list(query: { ownerLabel?: string; after?: string; limit: number }): Promise<WebhookEndpoint[]> {
    return guard(async () =>
      ((await listEndpointsQuery(this.db, query).execute()) as EndpointRow[]).map(toEndpoint),
    );
  }

  get(id: string): Promise<WebhookEndpoint | null> {
    return guard(async () => {
      const row = await getEndpointQuery(this.db, id).executeTakeFirst();
      return row ? toEndpoint(row as EndpointRow) : null;
    });
  }

  update(id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint | null> {
    return guard(async () => {
      const row = await updateEndpointQuery(this.db, id, patch).executeTakeFirst();
      return row ? toEndpoint(row as EndpointRow) : null;
    });
  }

  remove(id: string): Promise<boolean> {
    return guard(async () => (await deleteEndpointQuery(this.db, id).execute()).length > 0);
  }

  rotateSecret(id: string, secret: string, overlapMs: number): Promise<WebhookEndpoint | null> {
    return guard(async () => {
      const row = await rotateSecretQuery(this.db, id, secret, overlapMs).executeTakeFirst();
      return row ? toEndpoint(row as EndpointRow) : null;
    });
  }

  dispatchTargets(): Promise<DispatchTarget[]> {
    return guard(async () =>
      (await dispatchTargetsQuery(this.db).execute()).map((row) => ({
        id: row.id,
        cursor: toNumber(row.feed_cursor),
        events: row.events,
        connections: row.connections,
        ownerConnections: row.owner_connections,
      })),
    );
  }

  advance(
    endpointId: string,
    from: number,
    to: number,
    messages: NewWebhookMessage[],
  ): Promise<boolean> {
    return guard(() =>
      this.db.transaction().execute(async (trx) => {
        // The endpoint's row first: a second dispatcher of the same endpoint waits here, then finds the cursor moved.
        const moved = await moveCursorQuery(trx, endpointId, from, to).execute();
        if (moved.length === 0) return false;
        if (messages.length > 0) await insertMessagesQuery(trx, endpointId, messages).execute(trx);
        return true;
      }),
    );
  }

  rewind(endpointId: string, after: number): Promise<WebhookEndpoint | null> {
    return guard(async () => {
      const row = await rewindQuery(this.db, endpointId, after).executeTakeFirst();
      return row ? toEndpoint(row as EndpointRow) : null;
    });
  }

  enqueue(endpointId: string, message: NewWebhookMessage): Promise<number> {
    return guard(async () => {
      const { rows } = await insertMessagesQuery(this.db, endpointId, [message]).execute(this.db);
      return toNumber((rows[0] as { id: string | number }).id);
    });
  }

  claim(owner: string, leaseMs: number, limit: number): Promise<ClaimedMessage[]> {
    return guard(async () => {
      const { rows } = await claimMessagesQuery(owner, leaseMs, limit).execute(this.db);
      return rows.map((row) => ({
        id: toNumber(row.id),
        endpointId: row.endpoint_id,
        webhookId: row.webhook_id,
        eventType: row.event_type,
        sequence: row.sequence === null ? null : toNumber(row.sequence),
        body: row.body,
        attempt: row.attempts,
        url: row.url,
        secrets: row.previous_secret === null ? [row.secret] : [row.secret, row.previous_secret],
      }));
    });
  }

  recordAttempt(attempt: AttemptRecord): Promise<void> {
    return guard(() =>
      this.db.transaction().execute(async (trx) => {
        // Endpoint row before message row, as `advance` does: two transactions never wait on each other crosswise.
        await endpointAfterAttemptQuery(trx, attempt).execute();
        await settleMessageQuery(trx, attempt).execute();
        await insertAttemptQuery(trx, attempt).execute();
      }),
    );
  }

  redeliver(endpointId: string, messageId: number): Promise<boolean> {
    return guard(
      async () => (await redeliverQuery(this.db, endpointId, messageId).execute()).length > 0,
    );
  }

  deliveries(
    endpointId: string,
    query: { before?: number; limit: number },
  ): Promise<WebhookMessageView[]> {
    return guard(async () => {
      const messages = await listMessagesQuery(this.db, endpointId, query).execute();
      if (messages.length === 0) return [];
      const attempts = await listAttemptsQuery(
        this.db,
        messages.map((message) => toNumber(message.id)),
      ).execute();
      const byMessage = new Map<number, WebhookMessageView['history']>();
      for (const row of attempts) {
        const id = toNumber(row.message_id);
        const list = byMessage.get(id) ?? [];
        list.push({
          id: toNumber(row.id),
          at: toIso(row.attempted_at),
          durationMs: row.duration_ms,
          statusCode: row.status_code,
          outcome: row.outcome as AttemptOutcome,
          error: row.error,
        });
        byMessage.set(id, list);
      }
      return messages.map((row) => {
        const id = toNumber(row.id);
        const status = row.status as WebhookMessageView['status'];
        return {
          id,
          webhookId: row.webhook_id,
          eventType: row.event_type,
          sequence: row.sequence === null ? null : toNumber(row.sequence),
          status,
          attempts: row.attempts,
          nextAttemptAt: status === 'pending' ? toIso(row.next_attempt_at) : null,
          createdAt: toIso(row.created_at),
          finishedAt: toIsoOrNull(row.finished_at),
          lastError: row.last_error,
          history: byMessage.get(id) ?? [],
        };
      });
    });
  }

  queue(): Promise<WebhookQueueStats[]> {
    return guard(async () =>
      (await queueStatsQuery(this.db).execute()).map((row) => ({
        endpointId: row.endpoint_id,
        pending: toNumber(row.pending as string | number),
        oldestPendingAt:
          row.oldest === null || row.oldest === undefined ? null : toIso(row.oldest as Date),
      })),
    );
  }

  prune(before: Date): Promise<number> {
    return guard(async () => (await pruneMessagesQuery(this.db, before).execute()).length);
  }
}

function exampleAttempt(outcome: AttemptOutcome): AttemptRecord {
  return {
    messageId: 7,
    endpointId: 'wh_1',
    owner: 'gw-1',
    durationMs: 12,
    statusCode: outcome === 'succeeded' ? 200 : 500,
    outcome,
    error: outcome === 'succeeded' ? null : 'HTTP 500',
    next: { status: 'pending', delayMs: 5000 },
    disableAfterMs: 432_000_000,
  };
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  insertEndpoint: (db) =>
    insertEndpointQuery(db, {
      id: 'wh_1',
      url: 'https://example.com/hook',
      description: null,
      events: ['user.created'],
      connections: null,
      ownerLabel: 'admin',
      ownerConnections: null,
      secret: 'whsec_x',
    }),
  'listEndpoints (every filter)': (db) =>
    listEndpointsQuery(db, { ownerLabel: 'admin', after: 'wh_1', limit: 50 }),
  getEndpoint: (db) => getEndpointQuery(db, 'wh_1'),
  'updateEndpoint (everything, disable)': (db) =>
    updateEndpointQuery(db, 'wh_1', {
      url: 'https://example.com/other',
      description: 'd',
      events: null,
      connections: ['a'],
      enabled: false,
    }),
  'updateEndpoint (enable)': (db) => updateEndpointQuery(db, 'wh_1', { enabled: true }),
  deleteEndpoint: (db) => deleteEndpointQuery(db, 'wh_1'),
  rotateSecret: (db) => rotateSecretQuery(db, 'wh_1', 'whsec_y', 86_400_000),
  dispatchTargets: (db) => dispatchTargetsQuery(db),
  moveCursor: (db) => moveCursorQuery(db, 'wh_1', 10, 20),
  insertMessages: (db) =>
    insertMessagesQuery(db, 'wh_1', [
      { webhookId: 'msg_1', eventType: 'user.created', sequence: 11, body: '{}' },
    ]),
  rewind: (db) => rewindQuery(db, 'wh_1', 5),
  claimMessages: () => claimMessagesQuery('gw-1', 30_000, 16),
  insertAttempt: (db) => insertAttemptQuery(db, exampleAttempt('failed')),
  'endpointAfterAttempt (success)': (db) =>
    endpointAfterAttemptQuery(db, exampleAttempt('succeeded')),
  'endpointAfterAttempt (failure)': (db) => endpointAfterAttemptQuery(db, exampleAttempt('failed')),
  'endpointAfterAttempt (gone)': (db) => endpointAfterAttemptQuery(db, exampleAttempt('gone')),
  'settleMessage (retry)': (db) => settleMessageQuery(db, exampleAttempt('failed')),
  'settleMessage (delivered)': (db) =>
    settleMessageQuery(db, { ...exampleAttempt('succeeded'), next: { status: 'delivered' } }),
  redeliver: (db) => redeliverQuery(db, 'wh_1', 7),
  listMessages: (db) => listMessagesQuery(db, 'wh_1', { before: 9, limit: 20 }),
  listAttempts: (db) => listAttemptsQuery(db, [7, 8]),
  queueStats: (db) => queueStatsQuery(db),
  pruneMessages: (db) => pruneMessagesQuery(db, new Date('2026-01-01T00:00:00.000Z')),
} satisfies SqlExamples;
