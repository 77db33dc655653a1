/**
 * Floor for `/health`: a bare Fastify app with one route, nothing else. The
 * bench starts it in its own process (PORT) and compares the gateway's
 * `/health` with it.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`bare fastify: ${String(error)}\n`);
  process.exit(1);
});
