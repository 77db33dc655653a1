import { HttpService } from '@nestjs/axios';
import { OnModuleDestroy } from '@nestjs/common';
import { AxiosResponse, isAxiosError } from 'axios';
import CircuitBreaker from 'opossum';
import { CredentialScrubber, credentialsOfHeaders } from '../credential-scrubber';
import { VendorFailureError, VendorTimeoutError } from '../errors';
import { secretValuesOf } from '../secrets';
import { backoffDelayMs, sleep } from './resilience/backoff';
import { trimAxiosDefaults } from './undici-transport';
import { Coalescer } from './resilience/coalescer';
import { DEFAULT_RESILIENCE, ResilienceOptions } from './resilience/resilience-options';
import { retryAfterSeconds } from './status-errors';
import {
  NOOP_OBSERVER,
  routeLabel,
  VendorCallObserver,
  VendorCallOutcome,
} from './vendor-call.observer';
import {
  HttpMethod,
  VendorHttpConfig,
  VendorRequest,
  VendorResponse,
  VendorStreamResponse,
} from './vendor-http.types';
import type { Readable } from 'node:stream';

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);
/** How much of a vendor's error answer is kept for the logs. */
const VENDOR_TEXT_CHARS = 500;
// Built once: axios merges every per-call config into its defaults, fresh functions included.
const ANY_STATUS = () => true;

/** A 5xx answer travels through the breaker as a failure, and is handed back as an answer after. */
class ServerErrorAnswer extends Error {
  constructor(readonly response: VendorResponse) {
    super(`HTTP ${response.status}`);
  }
}

/**
 * Which failures each method may retry. Reads retry 5xx, timeouts, network
 * errors and short 429s; PUT and DELETE are idempotent, so a timeout may be
 * retried once; POST and PATCH are never retried here (see the gateway's
 * Idempotency-Key handling for safe create retries).
 */
function retryBudget(
  method: HttpMethod,
  options: ResilienceOptions,
): { transport: number; serverErrors: boolean } {
  if (method === 'GET') return { transport: options.maxRetries, serverErrors: true };
  if (method === 'PUT' || method === 'DELETE')
    return { transport: Math.min(1, options.maxRetries), serverErrors: false };
  return { transport: 0, serverErrors: false };
}

/**
 * The only way adapters talk HTTP, and the one place vendor calls are made
 * resilient: base URL joining, fixed headers, a deadline per attempt, JSON
 * parsing, transport failures as domain errors, retries with backoff, a
 * circuit breaker per vendor, and coalescing of identical concurrent reads.
 * Status codes stay the adapter's to interpret, since each vendor means
 * different things by them.
 */
export class VendorHttpClient implements OnModuleDestroy {
  private readonly baseUrl: string;
  private readonly options: ResilienceOptions;
  private readonly observer: VendorCallObserver;
  private readonly breaker: CircuitBreaker<[VendorRequest, number], VendorResponse>;
  private readonly reads = new Coalescer<VendorResponse>();
  private readonly headersWithoutBody: Record<string, string>;
  private readonly headersWithBody: Record<string, string>;
  private readonly scrubber: CredentialScrubber;

  constructor(
    private readonly http: HttpService,
    private readonly config: VendorHttpConfig,
  ) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.options = config.resilience ?? DEFAULT_RESILIENCE;
    this.observer = config.observer ?? NOOP_OBSERVER;
    this.headersWithoutBody = { ...config.headers, Accept: 'application/json' };
    trimAxiosDefaults(http.axiosRef);
    this.headersWithBody = { ...this.headersWithoutBody, 'Content-Type': 'application/json' };
    this.scrubber = (config.heldCredentials ?? new CredentialScrubber([])).with(
      credentialsOfHeaders(config.headers),
    );
    const { breaker } = this.options;
    this.breaker = new CircuitBreaker(
      (request: VendorRequest, attempt: number) => this.exchange(request, attempt),
      {
        timeout: false,
        errorThresholdPercentage: breaker.errorThresholdPercentage,
        volumeThreshold: breaker.volumeThreshold,
        resetTimeout: breaker.resetTimeoutMs,
        rollingCountTimeout: breaker.rollingWindowMs,
        rollingCountBuckets: 10,
        // Opening needs counts only. With these on (opossum's default), every call's
        // latency is kept for the window, and each failure and each second's snapshot
        // concatenates and sorts all of them: under load, tens of thousands per failure.
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
      },
    );
    this.breaker.on('open', () => this.observer.onBreakerState(this.connection, 'open'));
    this.breaker.on('halfOpen', () => this.observer.onBreakerState(this.connection, 'half_open'));
    this.breaker.on('close', () => this.observer.onBreakerState(this.connection, 'closed'));
  }

  /** The connection this client calls for (the name its errors give): one client, breaker and pool each. */
  get connection(): string {
    return this.config.connection ?? this.config.vendor;
  }

  /** The bound on one answer held whole (VENDOR_MAX_RESPONSE_BYTES); a streamed list's reader bounds one record by it. */
  get maxAnswerBytes(): number {
    return this.options.maxResponseBytes;
  }

  /** The per-attempt timeout (VENDOR_TIMEOUT_MS), for the errors of a streamed body. */
  get timeoutMs(): number {
    return this.config.timeoutMs;
  }

  /** Identical concurrent reads share one call, whose log line names the first caller's request. */
  async send(request: VendorRequest): Promise<VendorResponse> {
    if (request.method !== 'GET' || request.stream) return this.withRetries(request);
    const key = `${request.path}?${JSON.stringify(request.query ?? {})}`;
    return this.reads.run(key, () => this.withRetries(request));
  }

  /**
   * `send`, with any non-2xx answer turned into the adapter's own domain error:
   * the status range is the same for every vendor, what the answer means is not.
   */
  async sendOk(
    request: VendorRequest,
    toError: (response: VendorResponse) => Error,
  ): Promise<VendorResponse> {
    const response = await this.send(request);
    // A DELETE whose first attempt may have landed finds the user gone: that is
    // the delete having happened, not a missing user.
    if (request.method === 'DELETE' && response.status === 404 && response.afterUnknownOutcome)
      return { status: 204, headers: response.headers, body: undefined };
    if (response.status < 200 || response.status > 299) throw toError(response);
    return response;
  }

  /**
   * A GET whose 2xx answer's body is handed over unread, as a byte stream:
   * for a list a vendor answers in one body too large to hold. Retries,
   * `Retry-After` and the breaker apply until the answer's headers arrive; a
   * non-2xx answer is read and turned into the adapter's error like
   * `sendOk`'s. Once the body flows, nothing is retried (what was read may
   * already be handed on): a failure of the body is its reader's error. The
   * per-attempt deadline covers the wait for headers; while streaming, each
   * gap between chunks is bounded by the same timeout.
   */
  async openStream(
    request: VendorRequest,
    toError: (response: VendorResponse) => Error,
  ): Promise<VendorStreamResponse> {
    const response = await this.withRetries({ ...request, method: 'GET', stream: true });
    if (response.status < 200 || response.status > 299 || response.stream === undefined)
      throw toError(response);
    return { status: response.status, headers: response.headers, body: response.stream };
  }

  onModuleDestroy(): void {
    this.breaker.shutdown();
  }

  private async withRetries(request: VendorRequest): Promise<VendorResponse> {
    const budget = retryBudget(request.method, this.options);
    let unknownOutcome = false;
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = attempt < budget.transport;
      let response: VendorResponse;
      try {
        response = await this.throughBreaker(request, attempt);
      } catch (error) {
        if (retriesLeft && this.isTransient(error)) {
          // Anything but a refused connection may have reached the vendor.
          unknownOutcome ||=
            !(error instanceof VendorFailureError) || error.details?.cause !== 'ECONNREFUSED';
          await sleep(backoffDelayMs(attempt, this.options.baseDelayMs, this.options.maxDelayMs));
          continue;
        }
        throw error;
      }
      if (unknownOutcome && request.method !== 'GET')
        response = { ...response, afterUnknownOutcome: true };
      if (budget.serverErrors && retriesLeft) {
        if (response.status === 429) {
          const waitMs = retryAfterSeconds(response.headers) * 1000;
          if (waitMs <= this.options.retryAfterCapMs) {
            await sleep(waitMs);
            continue;
          }
        } else if (response.status >= 500) {
          await sleep(backoffDelayMs(attempt, this.options.baseDelayMs, this.options.maxDelayMs));
          continue;
        }
      }
      return response;
    }
  }

  private isTransient(error: unknown): boolean {
    if (error instanceof VendorTimeoutError) return true;
    return (
      error instanceof VendorFailureError &&
      error.details?.cause !== 'circuit_open' &&
      error.details?.cause !== 'malformed' &&
      error.details?.cause !== 'too_large'
    );
  }

  private async throughBreaker(request: VendorRequest, attempt: number): Promise<VendorResponse> {
    try {
      return await this.breaker.fire(request, attempt);
    } catch (error) {
      if (error instanceof ServerErrorAnswer) return error.response;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        this.observer.onCall({
          ...this.label(request, attempt),
          status: null,
          outcome: 'circuit_open',
          durationMs: 0,
        });
        const seconds = Math.ceil(this.options.breaker.resetTimeoutMs / 1000);
        throw new VendorFailureError(
          this.connection,
          `${this.connection} is failing; calls to it are paused for up to ${seconds}s (circuit open)`,
          {
            cause: 'circuit_open',
          },
        );
      }
      throw error;
    }
  }

  private label(request: VendorRequest, attempt: number) {
    return {
      vendor: this.config.vendor,
      connection: this.connection,
      method: request.method,
      route: routeLabel(request.path),
      attempt,
      reqId: request.context?.reqId,
    };
  }

  /** One HTTP exchange under the per-attempt deadline. */
  private async exchange(request: VendorRequest, attempt: number): Promise<VendorResponse> {
    const started = performance.now();
    const report = (status: number | null, outcome: VendorCallOutcome, vendorText?: string) =>
      this.observer.onCall({
        ...this.label(request, attempt),
        status,
        outcome,
        durationMs: performance.now() - started,
        ...(vendorText === undefined ? {} : { vendorText }),
      });
    const { timeoutMs } = this.config;
    let raw: AxiosResponse<string | Readable>;
    try {
      raw = await this.http.axiosRef.request<string | Readable>({
        method: request.method,
        url: `${this.baseUrl}/${String(request.path).replace(/^\/+/, '')}`,
        // Axios merges every key given, even an undefined one: absent ones are left out.
        ...(request.query === undefined ? {} : { params: request.query }),
        ...(request.body === undefined ? {} : { data: JSON.stringify(request.body) }),
        headers: request.body === undefined ? this.headersWithoutBody : this.headersWithBody,
        // The whole exchange, connection to last body byte (undici-transport's deadline): a
        // socket-idle timeout alone would let a slow trickle run for ever.
        timeout: timeoutMs,
        responseType: request.stream ? 'stream' : 'text',
        maxContentLength: this.options.maxResponseBytes,
        maxBodyLength: this.options.maxResponseBytes,
        validateStatus: ANY_STATUS,
      });
    } catch (error) {
      const domain = this.transportError(error);
      report(
        null,
        domain instanceof VendorTimeoutError
          ? 'timeout'
          : (domain as VendorFailureError).details?.cause === 'too_large'
            ? 'too_large'
            : 'network_error',
      );
      throw domain;
    }
    const response: VendorResponse = {
      status: raw.status,
      headers: lowerCaseHeaders(raw.headers),
      body: undefined,
    };
    let text: string | undefined;
    if (typeof raw.data === 'string' || raw.data === undefined) text = raw.data;
    else if (raw.status >= 200 && raw.status <= 299) {
      response.stream = raw.data;
      report(raw.status, 'ok');
      return response;
    } else {
      // An error answer to a streamed read is small and read whole, as any other.
      text = await readText(raw.data, this.options.maxResponseBytes).catch(() => undefined);
    }
    try {
      response.body = this.parseBody(raw.status, text);
    } catch (error) {
      report(raw.status, 'malformed');
      throw error;
    }
    report(
      raw.status,
      outcomeOf(raw.status),
      raw.status >= 300 ? this.vendorText(request, response.body) : undefined,
    );
    if (raw.status >= 500) throw new ServerErrorAnswer(response);
    return response;
  }

  /** An error answer's text for the logs, without our credentials or secrets we just sent. */
  private vendorText(request: VendorRequest, body: unknown): string | undefined {
    if (body === undefined) return undefined;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return this.scrubber
      .with(secretValuesOf(request.body))
      .scrub(text.slice(0, VENDOR_TEXT_CHARS * 4))
      .slice(0, VENDOR_TEXT_CHARS);
  }

  private parseBody(status: number, text: string | undefined): unknown {
    if (text === undefined || text.length === 0) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (status >= 200 && status < 300) {
        throw new VendorFailureError(
          this.connection,
          `${this.connection} answered HTTP ${status} with a body that is not JSON`,
          { cause: 'malformed' },
        );
      }
      return text.slice(0, VENDOR_TEXT_CHARS * 4);
    }
  }

  private transportError(error: unknown): Error {
    const { timeoutMs } = this.config;
    const code = isAxiosError(error) ? error.code : undefined;
    const name = error instanceof Error ? error.name : '';
    if (
      (code && TIMEOUT_CODES.has(code)) ||
      name === 'AbortError' ||
      name === 'TimeoutError' ||
      name === 'CanceledError'
    ) {
      return new VendorTimeoutError(this.connection, timeoutMs);
    }
    if (isAxiosError(error) && /maxContentLength/.test(error.message)) {
      const limit = this.options.maxResponseBytes;
      return new VendorFailureError(
        this.connection,
        `${this.connection} answered more than ${limit} bytes; the answer was dropped (VENDOR_MAX_RESPONSE_BYTES)`,
        { cause: 'too_large', limitBytes: limit },
      );
    }
    // Only the error code goes out: axios messages and configs can carry URLs and headers.
    return new VendorFailureError(
      this.connection,
      `${this.connection} could not be reached (${code ?? 'network error'})`,
      {
        cause: code ?? 'network_error',
      },
    );
  }
}

/** An error answer's body as text, at most `limit` bytes of it. */
async function readText(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function outcomeOf(status: number): VendorCallOutcome {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'ok';
}

function lowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null)
      result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}
