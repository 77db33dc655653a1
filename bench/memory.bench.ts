/**
 * `npm run bench:memory`: no growth under load. Sends 1 000 000 proxied reads
 * (GET /v1/users/convirza:<id>, 100 rotating ids) through the production
 * build, in steps of 100 000, and reads the gateway's resident set size after
 * each step. Passes when RSS after the last step is within 10% of RSS after
 * the first (the first step holds warm-up: JIT, pools, caches). Bounded: it
 * stops after the last step, whatever the machine's speed.
 *
 * Each reading follows a full garbage collection, asked of the gateway's
 * inspector from outside (see full-gc.ts), so it is the memory the gateway
 * holds, not the phase its heap is in: read the instant a step ends, RSS
 * swung between 520 and 617 MB with the V8 heap's size between major
 * collections (RSS minus the heap's size stayed at 392 MB), and a 10 % bound
 * on a 520 MB process cannot tell that swing from a leak. The reading before
 * the collection is printed too.
 *
 *   BENCH_MEMORY_REQUESTS=1000000   total reads (a multiple of the step)
 *   BENCH_MEMORY_STEP=100000        reads per step
 */
import { send } from './support/load';
import { collectGarbage } from './support/full-gc';
import { freePort, rssOf } from './support/processes';
import { KEY, startStack } from './support/stack';

const TOTAL = Number(process.env.BENCH_MEMORY_REQUESTS ?? 1_000_000);
const STEP = Number(process.env.BENCH_MEMORY_STEP ?? 100_000);
const ALLOWED_GROWTH = 0.1;

async function main(): Promise<void> {
  if (!(STEP > 0 && TOTAL >= 2 * STEP)) throw new Error('need at least two steps');
  const inspectorPort = await freePort();
  process.env.BENCH_GATEWAY_NODE_ARGS = `${process.env.BENCH_GATEWAY_NODE_ARGS ?? ''} --inspect=127.0.0.1:${inspectorPort}`;
  const stack = await startStack();
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  let failed = 0;
  try {
    const paths = stack.ids.map((id) => `/v1/users/convirza:${id}`);
    const auth = { authorization: `Bearer ${KEY}` };
    const samples: number[] = [];
    const started = Date.now();
    for (let done = 0; done < TOTAL; done += STEP) {
      const run = await send(stack.gatewayUrl, auth, paths, 50, Math.min(STEP, TOTAL - done));
      failed += run.errors + run.non2xx;
      const raw = rssOf(stack.gateway.pid!);
      await collectGarbage(inspectorPort);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const rss = rssOf(stack.gateway.pid!);
      samples.push(rss);
      process.stdout.write(
        `${String(done + STEP).padStart(9)} reads  RSS ${mb(rss).padStart(9)} after a full GC ` +
          `(${mb(raw)} before)  ${run.rps.toFixed(0)} req/s  ` +
          `${((Date.now() - started) / 1000).toFixed(0)} s\n`,
      );
    }
    const first = samples[0];
    const last = samples[samples.length - 1];
    const growth = (last - first) / first;
    const ok = growth <= ALLOWED_GROWTH && failed === 0;
    process.stdout.write(
      `\nRSS after ${STEP} reads ${mb(first)}, after ${TOTAL} ${mb(last)}: ` +
        `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% (allowed +${ALLOWED_GROWTH * 100}%); ` +
        `${failed} failed reads: ${ok ? 'PASS' : 'FAIL'}\n`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
