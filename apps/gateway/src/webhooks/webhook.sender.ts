import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { AttemptOutcome, ClaimedMessage } from '@userbridge/directory';
import { TargetGuard, TargetRefusedError } from './ssrf-guard';
import { signWebhook } from './webhook-signer';

export interface SendResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  /** The gateway's words for a failure (never the response body). */
  error: string | null;
  /** A `Retry-After` the receiver asked for, in milliseconds. */
  retryAfterMs: number | null;
}

/** `Retry-After`: seconds, or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Sends one message: a POST with the Standard Webhooks headers, outside any
 * transaction. Redirects are not followed (undici's `request` follows none):
 * a 3xx is a failure like any other non-2xx. The connection's address comes
 * from the guard's `lookup`, checked at this very connection.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    private readonly guard: TargetGuard,
    private readonly timeoutMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.agent = new Agent({
      connect: { lookup: guard.lookup as never, timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 4000,
    });
  }

  async send(message: ClaimedMessage): Promise<SendResult> {
    const started = performance.now();
    const done = (result: Omit<SendResult, 'durationMs'>): SendResult => ({
      ...result,
      durationMs: performance.now() - started,
    });
    let url: URL;
    try {
      // The rules of registration again (they may have changed since); an IP literal connects
      // without a lookup, so this is its check. A host name is checked again at connect (lookup).
      url = await this.guard.check(message.url);
    } catch (error) {
      return done(refusal(error));
    }
    const timestamp = Math.floor(this.clock() / 1000);
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        body: message.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'userbridge-webhooks',
          'webhook-id': message.webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(
            message.secrets,
            message.webhookId,
            timestamp,
            message.body,
          ),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // The answer's body is never read into memory nor logged: only its status counts.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const status = response.statusCode;
      if (status >= 200 && status < 300)
        return done({ outcome: 'succeeded', statusCode: status, error: null, retryAfterMs: null });
      return done({
        outcome: status === 410 ? 'gone' : 'failed',
        statusCode: status,
        error: `HTTP ${status}`,
        retryAfterMs:
          status === 429 || status === 503
            ? parseRetryAfter(response.headers['retry-after'])
            : null,
      });
    } catch (error) {
      const refusedTarget = findRefusal(error);
      if (refusedTarget) return done(refusal(refusedTarget));
      const timedOut = isTimeout(error);
      return done({
        outcome: timedOut ? 'timeout' : 'failed',
        statusCode: null,
        error: timedOut ? `no answer within ${this.timeoutMs} ms` : describe(error),
        retryAfterMs: null,
      });
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function refusal(error: unknown): Omit<SendResult, 'durationMs'> {
  const message = error instanceof TargetRefusedError ? error.message : 'url refused';
  return { outcome: 'refused', statusCode: null, error: message, retryAfterMs: null };
}

function findRefusal(error: unknown): TargetRefusedError | null {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof TargetRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string; code?: string } | null)?.name;
  const code = (error as { code?: string } | null)?.code;
  return (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

/** A network error in fixed words with its code (never a resolved address or a body). */
function describe(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return `connection failed (${code ?? cause ?? 'error'})`;
}
