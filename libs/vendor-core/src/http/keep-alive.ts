import type { AxiosRequestConfig } from 'axios';
import { keepAliveDispatcher, undiciAdapter } from './undici-transport';

/**
 * The axios config of each vendor module's `HttpModule`: one pool of kept-alive
 * sockets per vendor (a call reuses a warm connection instead of paying a TCP
 * and TLS handshake), driven by undici rather than axios's own transport.
 */
export function keepAliveAxiosConfig(maxSockets = 256): AxiosRequestConfig {
  return { adapter: undiciAdapter(keepAliveDispatcher(maxSockets)), maxRedirects: 0 };
}
