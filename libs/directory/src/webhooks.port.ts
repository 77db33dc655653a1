/**
 * The webhook outbox as the gateway sees it: endpoints with their cursor in
 * the change feed, the messages made from feed entries, and every attempt to
 * deliver them. Times are the database's clock, so every gateway process
 * agrees on what is due and whose lease has run out.
 */

export const WEBHOOK_DISABLED_REASONS = ['gone', 'failing', 'manual'] as const;
/** `gone`: the receiver answered 410; `failing`: no success for too long; `manual`: a PATCH. */
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  /** Event types delivered (null: every type). */
  events: string[] | null;
  /** Connections whose events are delivered (null: every connection the owner may see). */
  connections: string[] | null;
  /** The label of the key that registered it. */
  ownerLabel: string;
  /** The connections that key was limited to (null: not limited). */
  ownerConnections: string[] | null;
  enabled: boolean;
  disabledReason: WebhookDisabledReason | null;
  disabledAt: string | null;
  /** The last feed sequence turned into messages (or passed over) for this endpoint. */
  cursor: number;
  /** Since when every attempt failed (null: the last attempt succeeded, or none failed). */
  failingSince: string | null;
  lastSuccessAt: string | null;
  /** Until when the previous secret still signs beside the current one (null: no overlap). */
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewWebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  events: string[] | null;
  connections: string[] | null;
  ownerLabel: string;
  ownerConnections: string[] | null;
  secret: string;
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string | null;
  events?: string[] | null;
  connections?: string[] | null;
  enabled?: boolean;
}

/** An endpoint as the dispatcher needs it. */
export interface DispatchTarget {
  id: string;
  cursor: number;
  events: string[] | null;
  connections: string[] | null;
  ownerConnections: string[] | null;
}

export interface NewWebhookMessage {
  webhookId: string;
  eventType: string;
  /** The feed entry's sequence; null for a ping. */
  sequence: number | null;
  /** The exact bytes sent (and signed) on every attempt. */
  body: string;
}

/** A message a sender holds the lease of. */
export interface ClaimedMessage {
  id: number;
  endpointId: string;
  webhookId: string;
  eventType: string;
  sequence: number | null;
  body: string;
  /** This attempt's number (1 = the first). */
  attempt: number;
  url: string;
  /** The current secret first, then the previous one while it overlaps. */
  secrets: string[];
}

export type AttemptOutcome = 'succeeded' | 'failed' | 'timeout' | 'refused' | 'gone';

export interface AttemptRecord {
  messageId: number;
  endpointId: string;
  /** The lease holder: a message whose lease was taken over keeps the newer holder's state. */
  owner: string;
  durationMs: number;
  statusCode: number | null;
  outcome: AttemptOutcome;
  /** Why it failed, in the gateway's words (never the body or a secret). */
  error: string | null;
  /** What happens to the message next. */
  next: { status: 'delivered' } | { status: 'pending'; delayMs: number } | { status: 'failed' };
  /** An endpoint without a success for longer than this is disabled by a failure. */
  disableAfterMs: number;
}

export interface WebhookAttempt {
  id: number;
  at: string;
  durationMs: number;
  statusCode: number | null;
  outcome: AttemptOutcome;
  error: string | null;
}

export interface WebhookMessageView {
  id: number;
  webhookId: string;
  eventType: string;
  sequence: number | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  lastError: string | null;
  history: WebhookAttempt[];
}

export interface WebhookQueueStats {
  endpointId: string;
  pending: number;
  /** Creation time of its oldest undelivered message (null: none). */
  oldestPendingAt: string | null;
}

export interface WebhookStore {
  /** A new endpoint starts at the end of the feed: it receives what is recorded from now on. */
  create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  /** Endpoints by id (keyset `after`); `ownerLabel` lists one key's only. */
  list(query: { ownerLabel?: string; after?: string; limit: number }): Promise<WebhookEndpoint[]>;
  get(id: string): Promise<WebhookEndpoint | null>;
  /** Enabling clears why it was disabled and its failing streak; it resumes from its cursor. */
  update(id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint | null>;
  /** Deletes it with its messages and attempts. */
  remove(id: string): Promise<boolean>;
  /** The new secret signs from now on; the current one keeps signing until `overlapMs` from now. */
  rotateSecret(id: string, secret: string, overlapMs: number): Promise<WebhookEndpoint | null>;

  /** Enabled endpoints, for the dispatcher. */
  dispatchTargets(): Promise<DispatchTarget[]>;
  /**
   * Moves an endpoint's cursor from `from` to `to` and queues `messages`, in
   * one transaction; false (nothing written) when the cursor was no longer
   * `from` (another process dispatched it first) or the endpoint is disabled.
   * A message for a sequence queued before is queued again, with its webhook-id.
   */
  advance(
    endpointId: string,
    from: number,
    to: number,
    messages: NewWebhookMessage[],
  ): Promise<boolean>;
  /** Replay: the cursor goes back to `after` (never forward). Null when there is no such endpoint. */
  rewind(endpointId: string, after: number): Promise<WebhookEndpoint | null>;
  /** Queues one message outside the feed (a ping). */
  enqueue(endpointId: string, message: NewWebhookMessage): Promise<number>;

  /**
   * Leases due messages for `leaseMs`: per enabled endpoint, only its oldest
   * undelivered message, and only when that one is due and not leased. Any
   * number of processes may claim at once: each message goes to one of them.
   */
  claim(owner: string, leaseMs: number, limit: number): Promise<ClaimedMessage[]>;
  /** Records an attempt and its consequences (message state, endpoint streak, disabling). */
  recordAttempt(attempt: AttemptRecord): Promise<void>;
  /** Queues a delivered or failed message again (same webhook-id); false when there is no such message. */
  redeliver(endpointId: string, messageId: number): Promise<boolean>;
  /** Newest first (keyset `before`), each with its attempts. */
  deliveries(
    endpointId: string,
    query: { before?: number; limit: number },
  ): Promise<WebhookMessageView[]>;
  /** Undelivered messages per endpoint. */
  queue(): Promise<WebhookQueueStats[]>;
  /** Deletes delivered and failed messages (and their attempts) finished before `before`. */
  prune(before: Date): Promise<number>;
}
