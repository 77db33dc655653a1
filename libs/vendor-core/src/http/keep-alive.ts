import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AxiosRequestConfig } from 'axios';

/**
 * One pool of kept-alive sockets per vendor module: a vendor call reuses a warm
 * connection instead of paying a TCP (and TLS) handshake on every request.
 */
export function keepAliveAxiosConfig(maxSockets = 256): AxiosRequestConfig {
  return {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets, keepAliveMsecs: 1000 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets, keepAliveMsecs: 1000 }),
    maxRedirects: 0,
  };
}
