import axios, { AxiosError, AxiosHeaders, AxiosInstance, AxiosResponse } from 'axios';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { keepAliveDispatcher, trimAxiosDefaults, undiciAdapter } from './undici-transport';

/**
 * What undici-transport.ts copies of axios, checked against axios itself: the
 * same requests go through axios's own `http` transport and through ours, and
 * every answer, header slot, error code and query string must agree. A failure
 * here after an axios upgrade means the copy is out of date: fix the copy (or
 * keep the old axios) before anything else.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('undici transport against axios’s own (the copied contract)', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let seenUrls: string[] = [];
  let theirs: AxiosInstance;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenUrls.push(req.url ?? '');
      req.resume();
      req.on('end', () => handler(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    theirs = axios.create({ adapter: 'http', maxRedirects: 0 });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const both = async <T>(
    call: (client: AxiosInstance) => Promise<T>,
  ): Promise<{ ours: T | unknown; theirs: T | unknown; urls: string[] }> => {
    seenUrls = [];
    // A pool of its own per case: a case that hangs or drops a socket leaves nothing to the next.
    const dispatcher = keepAliveDispatcher(4);
    const ours = axios.create({ adapter: undiciAdapter(dispatcher), maxRedirects: 0 });
    const mine = await call(ours).catch((error: unknown) => error);
    const axiosOwn = await call(theirs).catch((error: unknown) => error);
    server.closeAllConnections();
    await dispatcher.destroy();
    return { ours: mine, theirs: axiosOwn, urls: seenUrls };
  };

  it('encodes query params as axios does, every printable ASCII character and beyond', async () => {
    handler = (_req, res) => res.end('{}');
    let printable = '';
    for (let code = 0x20; code < 0x7f; code++) printable += String.fromCharCode(code);
    const params = {
      all: printable,
      unicode: 'Zoë 名前 👋',
      'key with space&=': 'v',
      n: 5,
      yes: true,
      at: new Date(Date.UTC(2026, 10, 23, 10, 0, 0)),
      gone: undefined,
      none: null,
    };
    const { urls } = await both((client) => client.get(`${base}/q?fixed=1#frag`, { params }));
    expect(urls).toHaveLength(2);
    // The one difference: undici is given a WHATWG URL, which escapes `'` in a
    // query; a server decodes `%27` and `'` alike.
    expect(urls[0]).toBe(urls[1].replace(/'/g, '%27'));
  });

  it('sends the User-Agent and Accept-Encoding axios’s own transport sends', async () => {
    const seen: IncomingMessage['headers'][] = [];
    handler = (req, res) => {
      seen.push(req.headers);
      res.end('{}');
    };
    await both((client) => client.get(`${base}/h`));
    expect(seen[0]['user-agent']).toBe(seen[1]['user-agent']);
    // Axios also offers `compress`, which neither transport can decode; ours leaves it out.
    expect(seen[1]['accept-encoding']).toBe('gzip, compress, deflate, br');
    expect(seen[0]['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('fills the same AxiosHeaders slots, `__proto__` and odd values included', async () => {
    handler = (_req, res) => {
      res.setHeader('X-Padded', '  spaced  ');
      res.setHeader('X-Mixed-Case', 'A');
      res.setHeader('__proto__', 'p');
      res.setHeader('Retry-After', '7');
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    };
    const { ours: mine, theirs: axiosOwn } = await both((client) =>
      client.get(`${base}/slots`, { responseType: 'text' }),
    );
    const slots = (answer: unknown) => {
      const headers = (answer as AxiosResponse).headers as Record<string, unknown>;
      const own = Object.fromEntries(
        Object.getOwnPropertyNames(headers)
          .filter((name) => !['keep-alive', 'connection', 'date'].includes(name))
          .map((name) => [name, headers[name]]),
      );
      return own;
    };
    // Node's http parser drops a `__proto__` header before axios sees it; ours
    // keeps it in the slot AxiosHeaders' own setter gives that name.
    const axiosSlot = Object.getOwnPropertyNames(new AxiosHeaders().set('__proto__', 'p'));
    expect(axiosSlot).toEqual(['__Proto__']);
    expect(slots(mine)).toEqual({ ...slots(axiosOwn), [axiosSlot[0]]: 'p' });
  });

  it('raises the same error codes: refused, reset, timeout (both codes), too large, bad status', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createTcpServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const codeOf = (error: unknown) => ({
      isAxiosError: error instanceof AxiosError,
      code: (error as AxiosError).code,
      status: (error as AxiosError).response?.status,
    });
    const cases: [string, Handler, (client: AxiosInstance) => Promise<unknown>][] = [
      ['refused', () => undefined, (c) => c.get(`http://127.0.0.1:${closedPort}/x`)],
      ['reset', (req) => req.socket.destroy(), (c) => c.get(`${base}/drop`)],
      ['timeout', () => undefined, (c) => c.get(`${base}/slow`, { timeout: 80 })],
      [
        'clarified timeout',
        () => undefined,
        (c) => c.get(`${base}/slow`, { timeout: 80, transitional: { clarifyTimeoutError: true } }),
      ],
      [
        'too large',
        (_req, res) => res.end('x'.repeat(64)),
        (c) => c.get(`${base}/big`, { maxContentLength: 10, responseType: 'text' }),
      ],
      ['404', (_req, res) => res.writeHead(404).end('{}'), (c) => c.get(`${base}/nf`)],
      ['503', (_req, res) => res.writeHead(503).end('{}'), (c) => c.get(`${base}/down`)],
    ];
    for (const [name, serve, call] of cases) {
      handler = serve;
      const { ours: mine, theirs: axiosOwn } = await both(call);
      expect({ name, ...codeOf(mine) }).toEqual({ name, ...codeOf(axiosOwn) });
    }
  });

  it('finds the instance defaults it trims under the names axios gives them', () => {
    const instance = axios.create();
    const defaults = instance.defaults as unknown as Record<string, unknown>;
    for (const name of [
      'headers',
      'transformRequest',
      'transformResponse',
      'transitional',
      'env',
      'xsrfCookieName',
      'xsrfHeaderName',
    ])
      expect(Object.keys(defaults)).toContain(name);
    trimAxiosDefaults(instance);
    expect(defaults.transitional).toBeUndefined();
    expect(defaults.transformRequest).toEqual([]);
  });
});
