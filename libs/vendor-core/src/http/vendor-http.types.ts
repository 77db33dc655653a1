import type { Readable } from 'node:stream';
import type { CredentialScrubber } from '../credential-scrubber';
import type { CallContext } from '../port/call-context';
import { VendorPath } from './path';
import { ResilienceOptions } from './resilience/resilience-options';
import { VendorCallObserver } from './vendor-call.observer';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface VendorHttpConfig {
  /** The vendor kind (a metric label). */
  vendor: string;
  /** The connection these calls are made for: named in errors, metrics and logs; the vendor kind when absent. */
  connection?: string;
  /** May carry a path (`http://host:8080/api`); request paths are appended to it. */
  baseUrl: string;
  timeoutMs: number;
  /** Authentication and other fixed headers. Never logged, never echoed. */
  headers: Record<string, string>;
  /** Retries, backoff and circuit breaker settings (defaults: DEFAULT_RESILIENCE). */
  resilience?: ResilienceOptions;
  /** Told of every attempt, for metrics and logs. */
  observer?: VendorCallObserver;
  /**
   * Every credential the application holds (of every connection), blanked out
   * of this vendor's error text with this client's own headers' credentials
   * and the secrets each request carries: the one scrubber vendor text goes
   * through before `VendorCallEvent.vendorText`.
   */
  heldCredentials?: CredentialScrubber;
}

export interface VendorRequest {
  method: HttpMethod;
  /**
   * Relative to the base URL. A path with a dynamic segment is built with
   * `pathOf` (segments encoded, route template kept); a plain string is a
   * literal path and is its own route label.
   */
  path: string | VendorPath;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Whose request this call is made for (its log line names it); not sent to the vendor. */
  context?: CallContext;
  /** Set by `openStream`: a 2xx answer's body is handed over unread (never coalesced). */
  stream?: boolean;
}

/** A 2xx answer whose body is handed over unread, as a byte stream (`VendorHttpClient.openStream`). */
export interface VendorStreamResponse {
  status: number;
  headers: Record<string, string>;
  /** The decoded body; its errors are the transport's (a reset socket, a gap longer than the timeout). */
  body: Readable;
}

export interface VendorResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON; the raw text when an error answer is not JSON; undefined when empty. Shared by coalesced callers: never mutate. */
  body: unknown;
  /** Set only by `openStream` on a 2xx answer: the body, unread. */
  stream?: Readable;
  /** A retry's answer, after an earlier attempt of the same write failed with an unknown outcome. */
  afterUnknownOutcome?: boolean;
}
