import type { InternalAxiosRequestConfig } from 'axios';
import { EventEmitter } from 'node:events';

/**
 * `timeout` as a deadline on the whole exchange, connection to last body
 * byte: undici's own timeouts bound each wait (for headers, between body
 * chunks), so an answer trickling in slower than that would otherwise run for
 * ever. It is what undici takes as a `signal` besides an AbortSignal, an
 * emitter of `abort`: an AbortController per call, with the listener undici
 * adds to and removes from it, costs measurably more per proxied read. A caller's own `signal` still aborts the exchange (as a
 * cancel, not a timeout).
 */
export class Deadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  expired = false;
  private readonly timer: NodeJS.Timeout;
  private readonly detach: (() => void) | undefined;

  static for(config: InternalAxiosRequestConfig): Deadline | null {
    return config.timeout
      ? new Deadline(config.timeout, config.signal as AbortSignal | undefined)
      : null;
  }

  private constructor(ms: number, outer: AbortSignal | undefined) {
    super();
    this.timer = setTimeout(() => {
      this.expired = true;
      this.abort(new DOMException(`deadline of ${ms}ms`, 'TimeoutError'));
    }, ms);
    if (outer) {
      if (outer.aborted) this.abort(outer.reason);
      const onAbort = () => this.abort(outer.reason);
      outer.addEventListener('abort', onAbort, { once: true });
      this.detach = () => outer.removeEventListener('abort', onAbort);
    }
  }

  clear(): void {
    clearTimeout(this.timer);
    this.detach?.();
  }

  private abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort', reason);
  }
}
