import { HttpService } from '@nestjs/axios';
import axios, { AxiosError, AxiosHeaders, AxiosInstance, isCancel } from 'axios';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { VendorFailureError, VendorTimeoutError } from '../errors';
import { keepAliveAxiosConfig } from './keep-alive';
import { DEFAULT_RESILIENCE, ResilienceOptions } from './resilience/resilience-options';
import { keepAliveDispatcher, undiciAdapter } from './undici-transport';
import { VendorHttpClient } from './vendor-http.client';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('undiciAdapter (axios over undici)', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let client: AxiosInstance;
  const dispatcher = keepAliveDispatcher(8);
  const open = new Set<ServerResponse>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      open.add(res);
      res.on('close', () => open.delete(res));
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => handler(req, res, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = axios.create({ adapter: undiciAdapter(dispatcher), maxRedirects: 0 });
  });
  afterEach(() => {
    for (const res of open) res.destroy();
  });

  /** A vendor client on its own kept-alive pool against the test server (no default headers). */
  const vendorClient = (timeoutMs: number, resilience: Partial<ResilienceOptions>) =>
    new VendorHttpClient(new HttpService(axios.create(keepAliveAxiosConfig(4))), {
      vendor: 'acme',
      baseUrl: base,
      timeoutMs,
      headers: {},
      resilience: { ...DEFAULT_RESILIENCE, ...resilience },
    });
  afterAll(async () => {
    await dispatcher.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, path, params, headers and body, and answers text with lower-cased headers', async () => {
    let seen: {
      method?: string;
      url?: string;
      headers?: IncomingMessage['headers'];
      body?: string;
    } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Thing': 'a' });
      res.end('{"ok":true}');
    };
    const answer = await client.request<string>({
      method: 'POST',
      baseURL: `${base}/api/`,
      url: '/users',
      params: { email: 'a+b@x.io', limit: 5, skip: undefined, at: 'x:y,z w' },
      data: '{"name":"Zoë"}',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      responseType: 'text',
      transformResponse: (data: unknown) => data,
    });
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/api/users?email=a%2Bb%40x.io&limit=5&at=x:y,z+w');
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
      'user-agent': `axios/${axios.VERSION}`,
    });
    expect(seen.body).toBe('{"name":"Zoë"}');
    expect(answer.status).toBe(201);
    expect(answer.data).toBe('{"ok":true}');
    expect(answer.headers['x-thing']).toBe('a');
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('answers the headers axios’s own transport would: an AxiosHeaders, repeated names joined', async () => {
    handler = (_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-Padded', '  spaced  ');
      res.setHeader('Retry-After', '7');
      // A fixed date: the two answers may be sent either side of a second.
      res.setHeader('Date', 'Tue, 08 Dec 2026 00:00:00 GMT');
      res.end('{}');
    };
    const ours = await client.get<string>(`${base}/h`, { responseType: 'text' });
    const theirs = await axios.get<string>(`${base}/h`, { responseType: 'text' });
    expect(ours.headers).toBeInstanceOf(AxiosHeaders);
    expect((ours.headers as AxiosHeaders).get('Retry-After')).toBe('7');
    expect(ours.headers['x-padded']).toBe(theirs.headers['x-padded']);
    expect(ours.headers['set-cookie']).toBe('a=1, b=2');
    const without = (h: object, names: string[]) =>
      Object.fromEntries(Object.entries(h).filter(([name]) => !names.includes(name)));
    // Node's transport keeps a set-cookie list and says nothing of keep-alive; the rest match.
    expect(without(ours.headers, ['set-cookie', 'keep-alive'])).toEqual(
      without(theirs.headers, ['set-cookie', 'keep-alive']),
    );
  });

  it('decompresses a gzip answer as axios does', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.end(gzipSync('{"zipped":1}'));
    };
    const answer = await client.get<string>(`${base}/z`, { responseType: 'text' });
    expect(answer.data).toBe('{"zipped":1}');
  });

  it('rejects a status validateStatus refuses with the answer attached, as axios does', async () => {
    handler = (_req, res) => {
      res.writeHead(503);
      res.end('busy');
    };
    const error = (await client.get(`${base}/x`).catch((e: unknown) => e)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe(AxiosError.ERR_BAD_RESPONSE);
    expect(error.response?.status).toBe(503);
  });

  it('refuses to send a body over maxBodyLength, as axios does', async () => {
    let reached = false;
    handler = (_req, res) => {
      reached = true;
      res.end('{}');
    };
    const error = (await client
      .post(`${base}/users`, 'x'.repeat(101), { maxBodyLength: 100 })
      .catch((e: unknown) => e)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(reached).toBe(false);
    const fits = await client.post(`${base}/users`, 'x'.repeat(100), { maxBodyLength: 100 });
    expect(fits.status).toBe(200);
  });

  it('a vendor client sends its own headers and text body only, through its trimmed instance', async () => {
    const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
    handler = (req, res, body) => {
      seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    };
    const instance = axios.create(keepAliveAxiosConfig(4));
    const vendor = new VendorHttpClient(new HttpService(instance), {
      vendor: 'acme',
      baseUrl: base,
      timeoutMs: 2000,
      headers: { Authorization: 'Bearer t' },
    });
    try {
      await vendor.send({ method: 'GET', path: 'users/1' });
      await vendor.send({ method: 'POST', path: 'users', body: { name: 'Zoë' } });
    } finally {
      vendor.onModuleDestroy();
    }
    expect(instance.defaults.headers).toEqual({});
    expect(seen[0].headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer t',
    });
    expect(seen[0].headers['content-type']).toBeUndefined();
    expect(seen[1].headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
    expect(seen[1].body).toBe('{"name":"Zoë"}');
  });

  describe('maxContentLength', () => {
    it('refuses an answer declared larger than the bound without reading it', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Length': '5000' });
        res.end('x'.repeat(5000));
      };
      const error = (await client
        .get(`${base}/big`, { maxContentLength: 1000, responseType: 'text' })
        .catch((e: unknown) => e)) as AxiosError;
      expect(error).toBeInstanceOf(AxiosError);
      expect(error.code).toBe(AxiosError.ERR_BAD_RESPONSE);
      expect(error.message).toBe('maxContentLength size of 1000 exceeded');
    });

    it('stops reading an endless chunked answer once past the bound', async () => {
      let sent = 0;
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = 'y'.repeat(16 * 1024);
        // Bounded on the server side too, so a broken bound fails the test instead of hanging it.
        const pump = () => {
          while (sent < 64 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      };
      const error = (await client
        .get(`${base}/endless`, { maxContentLength: 100_000, responseType: 'text' })
        .catch((e: unknown) => e)) as AxiosError;
      expect(error).toBeInstanceOf(AxiosError);
      expect(error.code).toBe(AxiosError.ERR_BAD_RESPONSE);
      expect(sent).toBeLessThan(8 * 1024 * 1024);
    });

    it('lets an answer of exactly the bound through', async () => {
      handler = (_req, res) => res.end('z'.repeat(1000));
      const answer = await client.get<string>(`${base}/exact`, {
        maxContentLength: 1000,
        responseType: 'text',
      });
      expect(answer.data).toHaveLength(1000);
    });

    it('is too_large through the vendor client, from ResilienceOptions.maxResponseBytes', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: 'w'.repeat(10_000) }));
      };
      const vendor = vendorClient(2000, { maxResponseBytes: 2000 });
      try {
        const error = await vendor.send({ method: 'POST', path: 'users' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VendorFailureError);
        expect(error).not.toBeInstanceOf(VendorTimeoutError);
        expect((error as VendorFailureError).details).toMatchObject({
          cause: 'too_large',
          limitBytes: 2000,
        });
      } finally {
        vendor.onModuleDestroy();
      }
    });
  });

  it('a timeout is ECONNABORTED, as axios reports one', async () => {
    handler = () => undefined; // never answers
    const error = (await client
      .get(`${base}/slow`, { timeout: 100 })
      .catch((e: unknown) => e)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe(AxiosError.ECONNABORTED);
  });

  describe('timeout is a deadline on the whole exchange', () => {
    // Never a gap as long as the timeout, yet never finished: only a deadline ends it.
    const trickle: Handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 40);
      res.on('close', () => clearInterval(drip));
    };

    it('ends an answer trickling in past it as ECONNABORTED, as axios reports a timeout', async () => {
      handler = trickle;
      const started = Date.now();
      const error = (await client
        .get(`${base}/trickle`, { timeout: 300, responseType: 'text' })
        .catch((e: unknown) => e)) as AxiosError;
      expect(error).toBeInstanceOf(AxiosError);
      expect(error.code).toBe(AxiosError.ECONNABORTED);
      expect(error.message).toBe('timeout of 300ms exceeded');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('is a VendorTimeoutError through the vendor client, and the pool still serves the next call', async () => {
      const vendor = vendorClient(300, { maxRetries: 0 });
      try {
        handler = trickle;
        const started = Date.now();
        const error = await vendor
          .send({ method: 'GET', path: 'users/1' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VendorTimeoutError);
        expect(Date.now() - started).toBeLessThan(2000);
        handler = (_req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"ok":true}');
        };
        await expect(vendor.send({ method: 'GET', path: 'users/2' })).resolves.toMatchObject({
          status: 200,
          body: { ok: true },
        });
      } finally {
        vendor.onModuleDestroy();
      }
    });

    it('an answer within it leaves no timer behind (the deadline is cleared)', async () => {
      handler = (_req, res) => res.end('{}');
      const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      await client.get(`${base}/quick`, { timeout: 60_000, responseType: 'text' });
      const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      expect(after).toBeLessThanOrEqual(before);
    });
  });

  it('the abort signal ends the exchange mid-body as a cancel', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('trickle'); // then nothing: only the signal can end this
    };
    const started = Date.now();
    const error = await client
      .get(`${base}/trickle`, { signal: AbortSignal.timeout(150), timeout: 10_000 })
      .catch((e: unknown) => e);
    expect(isCancel(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a refused connection keeps its ECONNREFUSED code (a write that did not land)', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createTcpServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const error = (await client
      .get(`http://127.0.0.1:${closed}/x`)
      .catch((e: unknown) => e)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('a socket the server drops is ECONNRESET', async () => {
    handler = (req) => req.socket.destroy();
    const error = (await client.get(`${base}/drop`).catch((e: unknown) => e)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe('ECONNRESET');
  });
});
