import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEFAULT_RESILIENCE } from './resilience/resilience-options';
import { VendorHttpClient } from './vendor-http.client';
import { VendorCallEvent } from './vendor-call.observer';
import { VendorResponse } from './vendor-http.types';

/** A loopback vendor whose answers the test scripts, one per request. */
async function vendor(
  answers: ((res: import('node:http').ServerResponse) => void)[],
): Promise<{ server: Server; url: string; seen: () => number }> {
  let seen = 0;
  const server = createServer((_req, res) => {
    const answer = answers[Math.min(seen, answers.length - 1)];
    seen += 1;
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen: () => seen };
}

function client(url: string): VendorHttpClient {
  return new VendorHttpClient(new HttpService(axios.create()), {
    vendor: 'acme',
    baseUrl: url,
    timeoutMs: 150,
    headers: {},
    resilience: { ...DEFAULT_RESILIENCE, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

const notFound = (response: VendorResponse) => new Error(`not found (${response.status})`);
const held: import('node:http').ServerResponse[] = [];
const hang = (res: import('node:http').ServerResponse) => held.push(res);
const status = (code: number) => (res: import('node:http').ServerResponse) =>
  res.writeHead(code).end();

describe('VendorHttpClient DELETE after an unknown outcome', () => {
  let running: Server | undefined;
  afterEach(async () => {
    held.splice(0).forEach((res) => res.destroy());
    await new Promise((resolve) => running?.close(resolve));
    running = undefined;
  });

  it('takes "gone" on the retry as the delete having happened', async () => {
    const v = await vendor([hang, status(404)]);
    running = v.server;
    const http = client(v.url);
    const response = await http.sendOk({ method: 'DELETE', path: 'users/1' }, notFound);
    expect(response.status).toBe(204);
    expect(v.seen()).toBe(2);
    http.onModuleDestroy();
  });

  it('still reports a 404 on a first attempt as not found', async () => {
    const v = await vendor([status(404)]);
    running = v.server;
    const http = client(v.url);
    await expect(http.sendOk({ method: 'DELETE', path: 'users/1' }, notFound)).rejects.toThrow(
      'not found (404)',
    );
    http.onModuleDestroy();
  });

  it('never applies the rule to reads', async () => {
    const v = await vendor([hang, status(404)]);
    running = v.server;
    const http = client(v.url);
    await expect(http.sendOk({ method: 'GET', path: 'users/1' }, notFound)).rejects.toThrow(
      'not found (404)',
    );
    http.onModuleDestroy();
  });
});

describe('VendorHttpClient call context', () => {
  let running: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => running?.close(resolve));
    running = undefined;
  });

  it("names the request a call was made for on every attempt's event, retries included", async () => {
    const v = await vendor([status(503), status(200)]);
    running = v.server;
    const events: VendorCallEvent[] = [];
    const http = new VendorHttpClient(new HttpService(axios.create()), {
      vendor: 'acme',
      baseUrl: v.url,
      timeoutMs: 150,
      headers: {},
      resilience: { ...DEFAULT_RESILIENCE, baseDelayMs: 1, maxDelayMs: 1 },
      observer: { onCall: (event) => events.push(event), onBreakerState: () => undefined },
    });
    await http.sendOk({ method: 'GET', path: 'users', context: { reqId: 'req-7' } }, notFound);
    await http.sendOk({ method: 'GET', path: 'users' }, notFound);
    expect(events.map((e) => [e.attempt, e.outcome, e.reqId])).toEqual([
      [0, 'server_error', 'req-7'],
      [1, 'ok', 'req-7'],
      [0, 'ok', undefined],
    ]);
    http.onModuleDestroy();
  });
});
