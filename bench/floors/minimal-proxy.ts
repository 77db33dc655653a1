/**
 * Floor for a proxied read: Fastify plus a keep-alive `http.Agent`, making the
 * same Convirza get the gateway makes, parsing the answer and re-serialising
 * it. No auth, no logging, no metrics, no mapping: what any Node proxy pays.
 * The bench starts it in its own process (PORT, UPSTREAM = the Convirza base
 * URL, TOKEN = its bearer token).
 */
import Fastify from 'fastify';
import { Agent, request } from 'node:http';

const upstream = new URL(String(process.env.UPSTREAM));
const authorization = `Bearer ${String(process.env.TOKEN)}`;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function get(path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        path: `${upstream.pathname.replace(/\/+$/, '')}${path}`,
        headers: { authorization, accept: 'application/json' },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          try {
            resolve({
              status: answer.statusCode ?? 502,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/users/:id', async (req, reply) => {
  const answer = await get(`/users/${encodeURIComponent(req.params.id)}`);
  return reply.code(answer.status).send(answer.body);
});

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`minimal proxy: ${String(error)}\n`);
  process.exit(1);
});
