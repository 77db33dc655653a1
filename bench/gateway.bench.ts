/**
 * `npm run bench`: the gateway's own cost per request against the floors any
 * Node proxy has, and its fan-out, measured with autocannon on loopback
 * against the production build (dist). Every server runs in its own process:
 * the sandbox, the gateway, a bare Fastify app (floor of `/health`) and a
 * minimal keep-alive proxy making the same Convirza get (floor of a proxied
 * read). Prints one table with the ratios and their targets; ratios come from
 * one run, so they hold on a noisy machine where absolute figures do not;
 * each is the median of rounds in which the floor and the gateway take turns.
 * Every measured run of scenarios 1 and 2 follows a warm-up of the same load
 * until its throughput stops rising (printed above the table).
 *
 *   BENCH_SECONDS=10      duration of each run (default 10)
 *   BENCH_ROUNDS=5        rounds of floor and gateway runs behind each ratio (default 5)
 *   BENCH_FANOUT=0        skip the fan-out scenarios (4 and 5)
 *   BENCH_CPU_PROF=1      write a V8 CPU profile of the gateway to bench/profiles/
 */
import { ChildProcess } from 'node:child_process';
import { startBareFastify, startMinimalProxy } from './support/floors';
import { cpuMicrosOf, stop } from './support/processes';
import { load, median, Run, sequential, warmUntilSteady } from './support/load';
import { CONVIRZA_TOKEN, KEY, setFault, startStack, TIMEOUT_MS } from './support/stack';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const FANOUT = process.env.BENCH_FANOUT !== '0';
const TARGET_HEALTH = 0.6;
const TARGET_GET = 0.3;
const TARGET_ADDED_P50_MS = 1;

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

type Measured = Run & { cpuUs: number };

/** A server under load in a paired measurement. */
interface Contender {
  name: string;
  server: ChildProcess;
  url: string;
  headers: Record<string, string>;
  paths: string[];
}

/** A floor and the gateway measured in alternating rounds; the round with the median ratio. */
interface Pair {
  floor: Measured;
  subject: Measured;
  ratios: number[];
  ratio: number;
}

/**
 * A run with the CPU time the server process spent per answer: far steadier
 * than req/s on a shared machine, and what the ratios come down to.
 */
async function measured(server: ChildProcess, run: () => Promise<Run>): Promise<Measured> {
  const before = cpuMicrosOf(server.pid!);
  const result = await run();
  return { ...result, cpuUs: (cpuMicrosOf(server.pid!) - before) / Math.max(1, result.total) };
}

async function main(): Promise<void> {
  const stack = await startStack();
  const floors: ChildProcess[] = [];
  try {
    const bareFloor = await startBareFastify();
    floors.push(bareFloor.child);
    const proxyFloor = await startMinimalProxy(stack.sandboxUrl, stack.ids);
    floors.push(proxyFloor.child);
    const { child: bare, url: bareUrl } = bareFloor;
    const { child: proxy, url: proxyUrl, paths: proxyGets } = proxyFloor;

    const auth = { authorization: `Bearer ${KEY}` };
    const vendorAuth = { authorization: `Bearer ${CONVIRZA_TOKEN}` };
    const gatewayGets = stack.ids.map((id) => `/v1/users/convirza:${id}`);
    const rows: string[][] = [];
    const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
    const row = (
      name: string,
      run: { rps: number; p50: number; p99: number; cpuUs?: number },
      note: string,
      errors: number,
    ) =>
      rows.push([
        name,
        run.rps.toFixed(0),
        ms(run.p50),
        ms(run.p99),
        run.cpuUs === undefined ? '' : `${run.cpuUs.toFixed(0)} µs`,
        note,
        String(errors),
      ]);
    const failed = (run: Run) => run.errors + run.non2xx;

    // Each measured run is preceded by the same load until throughput stops rising, so
    // every server is measured at steady state whatever ran before it.
    const warmed: string[] = [];
    const steady = async (
      name: string,
      url: string,
      headers: Record<string, string>,
      paths: string[],
    ): Promise<void> => {
      warmed.push(`${name} ${await warmUntilSteady(url, headers, paths, 50)} s`);
    };

    // A ratio is taken in rounds: the floor and the gateway take turns under the same load
    // (which goes first alternates), so a drift of the machine's speed between two runs
    // falls on both; the round with the median ratio is the one shown.
    const paired = async (floor: Contender, subject: Contender): Promise<Pair> => {
      await steady(floor.name, floor.url, floor.headers, floor.paths);
      await steady(subject.name, subject.url, subject.headers, subject.paths);
      const rounds: { floor: Measured; subject: Measured }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const run = (c: Contender) =>
          measured(c.server, () => load(c.url, c.headers, c.paths, 50, SECONDS));
        if (round % 2 === 0) {
          const f = await run(floor);
          rounds.push({ floor: f, subject: await run(subject) });
        } else {
          const g = await run(subject);
          rounds.push({ floor: await run(floor), subject: g });
        }
      }
      const ratios = rounds.map((r) => r.subject.rps / r.floor.rps);
      const middle = ratios.indexOf(median(ratios));
      // Errors of every round count, not only the median one's.
      const withAllErrors = (pick: (r: (typeof rounds)[number]) => Measured): Measured => ({
        ...pick(rounds[middle]),
        errors: rounds.reduce((sum, r) => sum + pick(r).errors, 0),
        non2xx: rounds.reduce((sum, r) => sum + pick(r).non2xx, 0),
      });
      return {
        floor: withAllErrors((r) => r.floor),
        subject: withAllErrors((r) => r.subject),
        ratios,
        ratio: ratios[middle],
      };
    };
    const ratioNote = (pair: Pair, target: number) =>
      `${pair.ratio.toFixed(2)} (target >= ${target}): ${verdict(pair.ratio >= target)}; ` +
      `rounds ${pair.ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
      `CPU ratio ${(pair.floor.cpuUs / pair.subject.cpuUs).toFixed(2)}`;

    // 1. /health: the machinery every request pays, against Fastify alone.
    const health = await paired(
      { name: 'bare Fastify', server: bare, url: bareUrl, headers: {}, paths: ['/health'] },
      {
        name: 'gateway /health',
        server: stack.gateway,
        url: stack.gatewayUrl,
        headers: {},
        paths: ['/health'],
      },
    );
    row('1a GET /health, bare Fastify (floor, 50 conn)', health.floor, '', failed(health.floor));
    row(
      '1b GET /health, gateway (50 conn)',
      health.subject,
      `ratio ${ratioNote(health, TARGET_HEALTH)}`,
      failed(health.subject),
    );

    // 2. One user by id, 100 rotating ids: the gateway against a proxy making the same vendor call.
    const sandboxGets = proxyGets.map((p) => `/convirza/v3${p}`);
    await steady('sandbox', stack.sandboxUrl, vendorAuth, sandboxGets);
    const sandboxGet = await measured(stack.sandbox, () =>
      load(stack.sandboxUrl, vendorAuth, sandboxGets, 50, SECONDS),
    );
    const get = await paired(
      { name: 'minimal proxy', server: proxy, url: proxyUrl, headers: {}, paths: proxyGets },
      {
        name: 'gateway get',
        server: stack.gateway,
        url: stack.gatewayUrl,
        headers: auth,
        paths: gatewayGets,
      },
    );
    row(
      '2a GET /users/:id, the sandbox itself (50 conn)',
      sandboxGet,
      'what the vendor side can answer',
      failed(sandboxGet),
    );
    row(
      '2b GET /users/:id, minimal keep-alive proxy (floor, 50 conn)',
      get.floor,
      '',
      failed(get.floor),
    );
    row(
      '2c GET /v1/users/convirza:<id>, gateway (50 conn)',
      get.subject,
      `ratio ${ratioNote(get, TARGET_GET)}`,
      failed(get.subject),
    );

    // 3. Added latency with no queueing: one connection, one request at a time.
    const proxyOne = await sequential(proxyUrl, {}, proxyGets, SECONDS);
    const gwOne = await sequential(stack.gatewayUrl, auth, gatewayGets, SECONDS);
    const added = gwOne.p50 - proxyOne.p50;
    const perSecond = (l: { count: number }) => ({ rps: l.count / SECONDS });
    row(
      '3a same get, minimal proxy (1 conn)',
      { ...perSecond(proxyOne), p50: proxyOne.p50, p99: proxyOne.p99 },
      `mean ${ms(proxyOne.mean)}`,
      proxyOne.failures,
    );
    row(
      '3b same get, gateway (1 conn)',
      { ...perSecond(gwOne), p50: gwOne.p50, p99: gwOne.p99 },
      `added p50 ${ms(added)} (target <= ${TARGET_ADDED_P50_MS} ms): ${verdict(added <= TARGET_ADDED_P50_MS)}; mean ${ms(gwOne.mean)}`,
      gwOne.failures,
    );

    if (FANOUT) {
      // 4. Fan-out over three vendors that each take 100 ms: alone (latency) and 10 at a time.
      for (const vendor of ['convirza', 'desk', 'credira'])
        await setFault(stack.sandboxUrl, vendor, { latencyMs: 100 });
      for (const connections of [1, 10]) {
        const fan = await load(
          stack.gatewayUrl,
          auth,
          ['/v1/users?limit=30'],
          connections,
          SECONDS,
        );
        row(
          `4 GET /v1/users, 3 vendors x 100 ms (${connections} conn)`,
          fan,
          `p50 / 100 ms = ${(fan.p50 / 100).toFixed(2)} (target <= 1.2): ${verdict(fan.p50 / 100 <= 1.2)}`,
          fan.errors + fan.non2xx,
        );
      }
      // 5. The same with the desk hanging: bounded by the timeout, then by the open circuit.
      // Concurrent identical reads share one desk call, so a hang costs about one failed
      // call a second; the breaker opens once its 10 s window holds at least
      // VENDOR_BREAKER_MIN_CALLS calls and half of them failed (the successes of
      // scenario 4 roll out first). 5a is the first run of the hang, 5b the run after.
      await setFault(stack.sandboxUrl, 'desk', { mode: 'hang' });
      for (const [label, note] of [
        ['5a', 'the breaker opens during this run: requests before wait 3 attempts x the timeout'],
        ['5b', 'breaker open: p50 bounded by the breaker, not the hang'],
      ]) {
        const hung = await load(stack.gatewayUrl, auth, ['/v1/users?limit=30'], 10, SECONDS);
        row(
          `${label} same, desk hanging (timeout ${TIMEOUT_MS} ms, 10 conn)`,
          hung,
          note,
          hung.errors + hung.non2xx,
        );
      }
    }

    const header = ['scenario', 'req/s', 'p50', 'p99', 'server CPU/req', 'verdict', 'errors'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    process.stdout.write(
      [
        `\nuserbridge gateway benchmark — node ${process.version}, ${SECONDS} s per run, loopback, sandbox 0 ms unless stated`,
        `warm-up to steady throughput: ${warmed.join(', ')}\n`,
        line(header),
        `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
        ...rows.map(line),
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all(floors.map(stop));
    await stack.stop();
    if (stack.profileDir)
      process.stdout.write(
        `CPU profile written to ${stack.profileDir} (open in Chrome DevTools > Performance, or npx speedscope)\n`,
      );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
