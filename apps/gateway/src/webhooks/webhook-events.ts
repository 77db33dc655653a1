import { connectionsOf, FeedEntry, FeedKind } from '@userbridge/directory';

/** Every event type an endpoint can ask for. */
export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'identity.gap_opened',
  'identity.gap_resolved',
  'offboarding.completed',
  'webhook.ping',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const TYPE_OF_KIND: Record<FeedKind, WebhookEventType> = {
  created: 'user.created',
  updated: 'user.updated',
  deactivated: 'user.deactivated',
  reactivated: 'user.reactivated',
  deleted: 'user.deleted',
  gap_opened: 'identity.gap_opened',
  gap_resolved: 'identity.gap_resolved',
  offboarding_completed: 'offboarding.completed',
};

export const eventTypeOf = (entry: FeedEntry): WebhookEventType => TYPE_OF_KIND[entry.kind];

/** A body stays under this many bytes: a larger entry goes without its fields (the feed has them). */
export const MAX_BODY_BYTES = 20_000;

/**
 * The body of one event: `{ type, timestamp, data }`, `data` the feed entry
 * verbatim (it never holds a secret or vendorData). An entry too large to
 * fit goes with empty `fields` and `truncated: true`; `GET /v1/changes`
 * answers it whole.
 */
export function eventBody(entry: FeedEntry): string {
  const body = JSON.stringify({ type: eventTypeOf(entry), timestamp: entry.at, data: entry });
  if (Buffer.byteLength(body, 'utf8') < MAX_BODY_BYTES) return body;
  const slim = { ...entry, fields: {}, ...('details' in entry ? { details: {} } : {}) };
  return JSON.stringify({
    type: eventTypeOf(entry),
    timestamp: entry.at,
    data: { ...slim, truncated: true },
  });
}

/** What an endpoint receives: its types, its connections, and only what its owner's key may see. */
export interface EventFilter {
  events: readonly string[] | null;
  connections: readonly string[] | null;
  ownerConnections: readonly string[] | null;
}

const within = (touched: readonly string[], allowed: readonly string[] | null): boolean =>
  allowed === null || touched.every((connection) => allowed.includes(connection));

/** An entry touching several connections goes only where every one of them is allowed. */
export function wants(filter: EventFilter, entry: FeedEntry): boolean {
  if (filter.events !== null && !filter.events.includes(eventTypeOf(entry))) return false;
  const touched = connectionsOf(entry);
  return within(touched, filter.connections) && within(touched, filter.ownerConnections);
}

/** The webhook-id of a feed entry at an endpoint: the same on every retry, redelivery and replay. */
export function webhookIdOf(endpointId: string, sequence: number): string {
  return `msg_${endpointId.replace(/^wh_/, '')}_${sequence}`;
}
