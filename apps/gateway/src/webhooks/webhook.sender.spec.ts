import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ClaimedMessage } from '@userbridge/directory';
import { TargetGuard } from './ssrf-guard';
import { newWebhookSecret } from './webhook-signer';
import { parseRetryAfter, WebhookSender } from './webhook.sender';
import { nextDelay } from './webhook.worker';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback answering each path its own way. */
async function receiver(
  handler: (path: string, response: ServerResponse) => void,
): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      handler(request.url ?? '', response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

const message = (url: string, secrets: string[]): ClaimedMessage => ({
  id: 1,
  endpointId: 'wh_test',
  webhookId: 'msg_test_42',
  eventType: 'user.deactivated',
  sequence: 42,
  body: JSON.stringify({
    type: 'user.deactivated',
    timestamp: '2026-01-01T00:00:00.000Z',
    data: { sequence: 42 },
  }),
  attempt: 1,
  url,
  secrets,
});

describe('WebhookSender', () => {
  let stack: Awaited<ReturnType<typeof receiver>>;
  const loopback = new TargetGuard(
    { allowPrivateTargets: true, allowedCidrs: [] },
    async (host) => {
      if (host !== 'receiver.test') throw new Error('unknown host');
      return [{ address: '127.0.0.1', family: 4 }];
    },
  );
  // A timeout a loaded machine meets on loopback; /slow answers long after it.
  const sender = new WebhookSender(loopback, 2_000);
  const url = (path: string) => `http://127.0.0.1:${stack.port}${path}`;

  beforeAll(async () => {
    stack = await receiver((path, response) => {
      if (path === '/ok') response.writeHead(204).end();
      else if (path === '/redirect') response.writeHead(302, { location: '/ok' }).end();
      else if (path === '/gone') response.writeHead(410).end('gone');
      else if (path === '/busy') response.writeHead(503, { 'retry-after': '7' }).end('busy');
      else if (path === '/slow') setTimeout(() => response.writeHead(200).end(), 15_000).unref();
      else response.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await sender.close();
    stack.server.closeAllConnections();
    await new Promise((resolve) => stack.server.close(resolve));
  });
  beforeEach(() => stack.received.splice(0));

  it('signs with every secret; each signature verifies with the standardwebhooks package', async () => {
    const current = newWebhookSecret();
    const previous = newWebhookSecret();
    const result = await sender.send(message(url('/ok'), [current, previous]));
    expect(result).toMatchObject({ outcome: 'succeeded', statusCode: 204, error: null });
    const [delivery] = stack.received;
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['webhook-id']).toBe('msg_test_42');
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    const headers = {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    };
    for (const secret of [current, previous])
      expect(new Webhook(secret).verify(delivery.body, headers)).toEqual(JSON.parse(delivery.body));
    expect(() => new Webhook(newWebhookSecret()).verify(delivery.body, headers)).toThrow();
  });

  it('connects to the address the guard resolved (the host is not in any DNS)', async () => {
    const result = await sender.send(
      message(`http://receiver.test:${stack.port}/ok`, [newWebhookSecret()]),
    );
    expect(result.outcome).toBe('succeeded');
    expect(stack.received[0].headers.host).toBe(`receiver.test:${stack.port}`);
  });

  it('does not follow a redirect, reports 410 as gone and passes Retry-After on', async () => {
    expect(await sender.send(message(url('/redirect'), [newWebhookSecret()]))).toMatchObject({
      outcome: 'failed',
      statusCode: 302,
      error: 'HTTP 302',
    });
    expect(stack.received.map((r) => r.path)).toEqual(['/redirect']);
    expect(await sender.send(message(url('/gone'), [newWebhookSecret()]))).toMatchObject({
      outcome: 'gone',
      statusCode: 410,
    });
    expect(await sender.send(message(url('/busy'), [newWebhookSecret()]))).toMatchObject({
      outcome: 'failed',
      statusCode: 503,
      retryAfterMs: 7000,
    });
  });

  it('gives up on an attempt after its timeout', async () => {
    const result = await sender.send(message(url('/slow'), [newWebhookSecret()]));
    expect(result).toMatchObject({ outcome: 'timeout', statusCode: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(1_900);
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('refuses at send time what the guard refuses, without a packet: loopback spellings and a DNS answer that changed', async () => {
    let answer = '93.184.216.34';
    const strict = new TargetGuard({ allowPrivateTargets: false, allowedCidrs: [] }, async () => [
      { address: answer, family: 4 },
    ]);
    const guarded = new WebhookSender(strict, 300);
    try {
      // Registered while the name answered a public address; it answers loopback by send time.
      await strict.check(`https://rebind.test:${stack.port}/ok`);
      answer = '127.0.0.1';
      for (const target of [
        `https://rebind.test:${stack.port}/ok`,
        `https://127.1:${stack.port}/ok`,
        `https://2130706433:${stack.port}/ok`,
        `https://[::ffff:127.0.0.1]:${stack.port}/ok`,
        `http://127.0.0.1:${stack.port}/ok`,
      ])
        expect(await guarded.send(message(target, [newWebhookSecret()]))).toMatchObject({
          outcome: 'refused',
          statusCode: null,
        });
      expect(stack.received).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});

describe('retry timing', () => {
  it('follows the schedule with jitter, then stops; Retry-After lengthens a delay', () => {
    const schedule = [0, 5000, 300_000];
    expect(nextDelay(schedule, 1, null, () => 0.5)).toBe(5000);
    expect(nextDelay(schedule, 1, null, () => 0)).toBe(4000);
    expect(nextDelay(schedule, 1, null, () => 1)).toBe(6000);
    expect(nextDelay(schedule, 2, null, () => 0.5)).toBe(300_000);
    expect(nextDelay(schedule, 3, null, () => 0.5)).toBeNull();
    expect(nextDelay(schedule, 1, 60_000, () => 0.5)).toBe(60_000);
    expect(nextDelay(schedule, 2, 1000, () => 0.5)).toBe(300_000);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThan(28_000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
