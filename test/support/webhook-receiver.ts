import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { until } from './poll';

/**
 * The loopback address webhook tests receive on. Tests run with
 * WEBHOOK_ALLOW_PRIVATE_TARGETS unset and this one address in
 * WEBHOOK_ALLOWED_CIDRS, so every other loopback spelling (127.0.0.1, ::1,
 * 127.1, …) is still refused, and nothing ever leaves the machine.
 */
export const RECEIVER_HOST = '127.0.0.2';
export const RECEIVER_CIDR = `${RECEIVER_HOST}/32`;

export interface Delivery {
  path: string;
  webhookId: string;
  timestamp: string;
  signatures: string[];
  body: string;
  /** The body parsed: `{ type, timestamp, data }`. */
  event: { type: string; timestamp: string; data: any };
  /** The status the receiver answered (null: it did not answer). */
  answered: number | null;
  receivedAt: number;
}

/** What the receiver answers a delivery: a status, or hold it unanswered (a stuck receiver). */
export type Reply = number | { status: number; headers?: Record<string, string> } | 'hold';

/**
 * A webhook receiver on loopback that records every delivery and answers as
 * the test says (per path, default 200). Each delivery is checked by the
 * independent `standardwebhooks` package with the secrets the test registers.
 */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  private readonly replies = new Map<string, (delivery: Delivery) => Reply>();
  private readonly held = new Set<ServerResponse>();
  private server!: Server;
  port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => String(request.headers[name] ?? '');
        let event: Delivery['event'];
        try {
          event = JSON.parse(body);
        } catch {
          event = { type: 'unreadable', timestamp: '', data: null };
        }
        const delivery: Delivery = {
          path: request.url ?? '',
          webhookId: header('webhook-id'),
          timestamp: header('webhook-timestamp'),
          signatures: header('webhook-signature').split(' ').filter(Boolean),
          body,
          event,
          answered: null,
          receivedAt: Date.now(),
        };
        receiver.deliveries.push(delivery);
        const reply = receiver.replies.get(delivery.path)?.(delivery) ?? 200;
        if (reply === 'hold') {
          receiver.held.add(response);
          return;
        }
        const { status, headers } =
          typeof reply === 'number' ? { status: reply, headers: {} } : reply;
        delivery.answered = status;
        response.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, RECEIVER_HOST, resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  url(path: string): string {
    return `http://${RECEIVER_HOST}:${this.port}${path}`;
  }

  /** How the receiver answers deliveries to `path` from now on. */
  reply(path: string, decide: (delivery: Delivery) => Reply): void {
    this.replies.set(path, decide);
  }

  at(path: string): Delivery[] {
    return this.deliveries.filter((delivery) => delivery.path === path);
  }

  /** Verifies a delivery with `standardwebhooks` against one secret; throws when it does not verify. */
  static verify(delivery: Delivery, secret: string): unknown {
    return new Webhook(secret).verify(delivery.body, {
      'webhook-id': delivery.webhookId,
      'webhook-timestamp': delivery.timestamp,
      'webhook-signature': delivery.signatures.join(' '),
    });
  }

  /** Drops every held request's connection (as a receiver that crashed would). */
  releaseHeld(): void {
    for (const response of this.held) response.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * A receiver has its answer before the gateway records it: waits until every
 * message `list` answers (an endpoint's GET …/deliveries page) has ended.
 */
export function recordedAsEnded<T extends { status: string }>(
  what: string,
  list: () => Promise<T[]>,
): Promise<T[]> {
  return until(what, list, (messages) => messages.every((m) => m.status !== 'pending'), 30_000);
}
