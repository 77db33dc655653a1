// Copies axios internals, on purpose and only here. Axios stays the vendor
// client's API (config merging, interceptors, `HttpService`), but its own
// transport and per-call defaults merging cost more CPU than the rest of a
// proxied read, so this file moves the bytes with undici and trims the
// instance defaults, reproducing what axios's code does that callers rely on:
// its error codes (`AxiosError` codes, ECONNABORTED/ETIMEDOUT on a timeout,
// ECONNRESET for a dropped socket), the slots of its response `AxiosHeaders`
// (`__proto__` included), its query encoding, its User-Agent and
// Accept-Encoding, and the names of its instance defaults. Three differences
// are deliberate and pinned by the spec too: no `compress` offered (neither
// transport decodes it), `'` escaped in a query (undici takes a WHATWG URL),
// and a `__proto__` answer header kept in AxiosHeaders' own slot for it where
// Node's parser drops it. That is why `axios`
// is pinned exactly in package.json (docs/development.md, "Pinned because
// copied"): `undici-transport.contract.spec.ts` runs the same requests through
// axios's own transport and this one and fails when an upgrade changes any of
// it; upgrade axios only with that spec green.
import axios, {
  AxiosAdapter,
  AxiosInstance,
  AxiosError,
  AxiosHeaders,
  AxiosResponse,
  CanceledError,
  InternalAxiosRequestConfig,
} from 'axios';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { Agent, Dispatcher } from 'undici';
import { Deadline } from './deadline';

/**
 * An axios adapter that moves the bytes with undici (`Dispatcher.request` on a
 * kept-alive `Agent`) instead of axios's own `http.request` transport, which
 * costs more CPU per call than the rest of a proxied read. Axios stays the API
 * (config merging, interceptors, `HttpService`); what the transport honours of
 * the request config is what the vendor client uses:
 *
 * - `timeout` bounds the whole exchange, connection to last body byte (and
 *   so the wait for headers and each gap between body chunks);
 * - `signal` aborts it;
 * - `maxContentLength` stops reading an answer past that many (decoded) bytes;
 * - `maxBodyLength` refuses to send a larger request body;
 * - `validateStatus`, `responseType` (`text`, `json`, `arraybuffer`, and
 *   `stream`: the body unread, the deadline covering the headers only), `params`.
 *
 * Failures come out as axios's own transport would raise them (`AxiosError`
 * with the socket's code such as `ECONNREFUSED`, `ECONNABORTED`/`ETIMEDOUT` on
 * a timeout, `CanceledError` on abort, `ERR_BAD_RESPONSE` past
 * `maxContentLength`), so callers classify them the same way.
 */
export function undiciAdapter(dispatcher: Dispatcher): AxiosAdapter {
  return (config) => exchange(dispatcher, config);
}

/** A kept-alive undici pool per origin (`connections` sockets at most), for one vendor. */
export function keepAliveDispatcher(connections = 256): Agent {
  return new Agent({ connections, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 });
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
// undici's names for what Node's http client reports as a reset socket.
const RESET_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const USER_AGENT = `axios/${axios.VERSION}`;

type Headers = Record<string, string>;
/** Headers as undici hands them over: lower-case names, a list for a repeated one. */
type RawHeaders = Record<string, string | string[] | undefined>;

async function exchange(
  dispatcher: Dispatcher,
  config: InternalAxiosRequestConfig,
): Promise<AxiosResponse> {
  const url = new URL(withParams(fullPath(config), config.params));
  const request = { method: config.method, url: url.href };
  const body = requestBody(config.data);
  const bodyLimit = config.maxBodyLength ?? -1;
  if (body !== undefined && bodyLimit > -1 && Buffer.byteLength(body) > bodyLimit) {
    throw new AxiosError(
      'Request body larger than maxBodyLength limit',
      AxiosError.ERR_BAD_REQUEST,
      config,
      request,
    );
  }
  const deadline = Deadline.for(config);
  let answer: Dispatcher.ResponseData;
  let data: Buffer;
  try {
    try {
      answer = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
        headers: outgoingHeaders(config),
        body,
        signal: deadline ?? (config.signal as AbortSignal | undefined),
        headersTimeout: config.timeout || undefined,
        bodyTimeout: config.timeout || undefined,
      });
    } catch (error) {
      throw transportError(error, config, request, deadline);
    }
    if (config.responseType === 'stream') {
      // The deadline covers the wait for headers only: a streamed body is bounded
      // by undici's bodyTimeout (each gap between chunks) and by its reader.
      deadline?.clear();
      return streamedResponse(answer, config, request);
    }
    try {
      data = await readBody(answer.body, answer.headers, config.maxContentLength ?? -1);
    } catch (error) {
      discard(answer.body);
      throw transportError(error, config, request, deadline);
    }
  } finally {
    deadline?.clear();
  }
  const headers = incomingHeaders(answer.headers);
  const response: AxiosResponse = {
    status: answer.statusCode,
    statusText: '',
    headers,
    config,
    request,
    data: config.responseType === 'arraybuffer' ? data : data.toString('utf8'),
  };
  const valid = config.validateStatus ? config.validateStatus(answer.statusCode) : true;
  if (!valid) {
    throw new AxiosError(
      `Request failed with status code ${answer.statusCode}`,
      answer.statusCode >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
      config,
      request,
      response,
    );
  }
  return response;
}

/**
 * `responseType: 'stream'`: the answer with its body unread (decompressed as
 * axios would). `maxContentLength` does not apply: the reader bounds what it
 * holds. Body errors keep undici's codes (`UND_ERR_BODY_TIMEOUT`, ...).
 */
function streamedResponse(
  answer: Dispatcher.ResponseData,
  config: InternalAxiosRequestConfig,
  request: unknown,
): AxiosResponse {
  const encoding = String(answer.headers['content-encoding'] ?? '') || undefined;
  const decoder = decoderFor(encoding);
  let data: Readable = answer.body;
  if (decoder) {
    answer.body.once('error', (error) => decoder.destroy(error));
    data = answer.body.pipe(decoder);
    decoder.once('close', () => answer.body.destroy());
  }
  return {
    status: answer.statusCode,
    statusText: '',
    headers: incomingHeaders(answer.headers),
    config,
    request,
    data,
  };
}

class ContentTooLong extends Error {
  constructor(readonly limit: number) {
    super(`maxContentLength size of ${limit} exceeded`);
  }
}

/**
 * The answer's bytes, decompressed as axios would, refusing to hold more than
 * `limit` of them (-1 for no limit): the read stops there and the socket is
 * dropped rather than drained.
 */
function readBody(body: Readable, headers: RawHeaders, limit: number): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  const encoding = String(headers['content-encoding'] ?? '') || undefined;
  if (limit > -1 && !encoding && declared > limit) return Promise.reject(new ContentTooLong(limit));
  const decoder = decoderFor(encoding);
  const source: Readable = decoder ? body.pipe(decoder) : body;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      decoder?.destroy();
      discard(body);
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (limit > -1 && size > limit) return fail(new ContentTooLong(limit));
      chunks.push(chunk);
    });
    source.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    source.once('error', fail);
    if (decoder) body.once('error', fail);
  });
}

/** Drops the socket under an answer we stopped reading (its own error is of no interest). */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

function transportError(
  error: unknown,
  config: InternalAxiosRequestConfig,
  request: unknown,
  deadline: Deadline | null,
): Error {
  if (error instanceof AxiosError) return error;
  if (deadline?.expired) return timeoutError(config, request);
  if ((config.signal as AbortSignal | undefined)?.aborted) {
    return new CanceledError(undefined, config, request);
  }
  if (error instanceof ContentTooLong) {
    return new AxiosError(error.message, AxiosError.ERR_BAD_RESPONSE, config, request);
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return timeoutError(config, request);
  const known = typeof code === 'string' ? (RESET_CODES.has(code) ? 'ECONNRESET' : code) : null;
  const cause = error instanceof Error ? error : new Error(String(error));
  return AxiosError.from(cause, known ?? AxiosError.ERR_NETWORK, config, request);
}

/** A timeout as axios's own transport reports one. */
function timeoutError(config: InternalAxiosRequestConfig, request: unknown): AxiosError {
  const clarify = config.transitional?.clarifyTimeoutError;
  return new AxiosError(
    `timeout of ${config.timeout}ms exceeded`,
    clarify ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED,
    config,
    request,
  );
}

function outgoingHeaders(config: InternalAxiosRequestConfig): Headers {
  const result: Headers = {};
  const given = (config.headers?.toJSON?.() ?? config.headers ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined || value === null || value === false) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  // Axios's own transport names itself and asks for compressed answers: keep both
  // (`compress` left out: nothing here decodes it).
  result['user-agent'] ??= USER_AGENT;
  if (config.decompress !== false) result['accept-encoding'] ??= 'gzip, deflate, br';
  return result;
}

/**
 * The answer's headers as the AxiosHeaders axios would make of them. Axios's
 * constructor sets names one at a time, each looked up among those already
 * set; undici's names are lower case and unique already, so they are placed
 * directly, and the `normalize()` axios runs on every answer (transformData)
 * sanitises the values as its setter would have. `__proto__` takes the slot
 * axios gives it.
 */
function incomingHeaders(headers: RawHeaders): AxiosHeaders {
  const result = new AxiosHeaders();
  const slots = result as unknown as Headers;
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined)
      slots[name === '__proto__' ? '__Proto__' : name] = Array.isArray(value)
        ? value.join(', ')
        : value;
  }
  return result;
}

function requestBody(data: unknown): string | Buffer | Uint8Array | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  // Axios's default transformRequest has already turned objects into JSON text.
  throw new TypeError('the undici transport sends only string or byte bodies');
}

/** As axios joins `baseURL` and `url`: appended, not resolved, so a base path is kept. */
function fullPath(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);
  if (!config.baseURL || (absolute && config.allowAbsoluteUrls !== false)) return url;
  return url
    ? `${config.baseURL.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}`
    : config.baseURL;
}

/** Axios's query serialisation for flat params: null and undefined left out. */
function withParams(url: string, params: unknown): string {
  if (params === undefined || params === null) return url;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object' && !(value instanceof Date)) {
      throw new TypeError(`the undici transport takes flat query params only ("${key}")`);
    }
    const text = value instanceof Date ? value.toISOString() : String(value);
    pairs.push(`${encode(key)}=${encode(text)}`);
  }
  if (pairs.length === 0) return url;
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  return `${base}${base.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}

/** As axios encodes query values (`encodeURIComponent`, a few characters kept readable). */
function encode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%3A/gi, ':')
    .replace(/%24/g, '$')
    .replace(/%2C/gi, ',')
    .replace(/%20/g, '+');
}

/**
 * Axios merges its instance defaults into the config of every call, copying
 * the object-valued ones key by key (a header set per method, `transitional`,
 * `env`) and validating `transitional` again: about half of what axios itself
 * costs per call. The vendor client sends its whole header set, a JSON text
 * body or none, and handles the answer itself on every call, so its instance
 * (one per vendor module) keeps only the defaults it uses: no default headers
 * (the client's own replace them all), no request transform (the body is
 * already text), no response transform (the client parses the text itself;
 * axios normalises the answer's headers once per transform and once more),
 * axios's transitional flags at their defaults (unset), and no XSRF cookie
 * names (a browser's concern).
 */
export function trimAxiosDefaults(instance: AxiosInstance): void {
  const defaults = instance.defaults as unknown as Record<string, unknown>;
  defaults.headers = {};
  defaults.transformRequest = [];
  defaults.transformResponse = [];
  delete defaults.transitional;
  delete defaults.env;
  // Read by axios's browser transports only.
  delete defaults.xsrfCookieName;
  delete defaults.xsrfHeaderName;
}
