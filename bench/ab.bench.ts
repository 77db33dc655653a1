/**
 * `npm run bench:ab -- get|health`: two builds of the gateway side by side,
 * to tell whether a change made a request cheaper on a machine whose speed
 * drifts by a third from one minute to the next. Both gateways (and the
 * scenario's floor) run at once against one sandbox and take turns under the
 * same load, `BENCH_AB_ROUNDS` short runs each, in alternating order; the
 * medians of their CPU per request and their ratios to the floor are printed.
 *
 *   npm run build && cp -r dist dist-a   # the build before the change
 *   (change, then) npm run build && npm run bench:ab -- get
 *
 *   BENCH_AB_A=dist-a  BENCH_AB_B=dist   the two builds (folders holding apps/gateway/src/main.js)
 *   BENCH_AB_A_ENV / BENCH_AB_B_ENV      extra variables for one side ("LOG_LEVEL=warn")
 *   BENCH_GATEWAY_NODE_ARGS              Node flags for both gateways ("--cpu-prof --cpu-prof-dir=/tmp/prof")
 *   BENCH_AB_ROUNDS=6  BENCH_AB_SECONDS=4 BENCH_AB_WARM_SECONDS=10
 *   BENCH_AB_SEQUENTIAL=1                one connection to each, one request at a time (the
 *                                        bench's scenario 3), the sides taking turns request
 *                                        by request: medians of each side's p50 and of the
 *                                        p50 it adds to the floor's in the same round
 */
import { ChildProcess } from 'node:child_process';
import { interleaved, load, median, SEQUENTIAL_WARM_UP } from './support/load';
import { startBareFastify, startMinimalProxy } from './support/floors';
import { cpuMicrosOf, freePort, start, stop, waitFor } from './support/processes';
import { gatewayEnv, KEY, sandboxIds, startNodeArgs } from './support/stack';

const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 4);
const WARM = Number(process.env.BENCH_AB_WARM_SECONDS ?? 10);
const SEQUENTIAL = process.env.BENCH_AB_SEQUENTIAL === '1';

interface Side {
  name: string;
  url: string;
  child: ChildProcess;
  headers: Record<string, string>;
  paths: string[];
  cpuUs: number[];
  rps: number[];
  p50s: number[];
}

function envOf(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (text ?? '')
      .split(' ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

async function main(): Promise<void> {
  const scenario = process.argv[2] ?? 'get';
  if (scenario !== 'get' && scenario !== 'health') throw new Error('scenario: get or health');
  const processes: ChildProcess[] = [];
  const launch = async (
    script: string,
    env: Record<string, string>,
    ready: string,
    nodeArgs: string[] = [],
  ) => {
    const child = start(script, env, nodeArgs);
    processes.push(child);
    await waitFor(ready, child);
    return child;
  };
  try {
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    await launch(
      'dist/apps/vendor-sandbox/src/main.js',
      { SANDBOX_PORT: String(sandboxPort), SANDBOX_HOST: '127.0.0.1' },
      `${sandboxUrl}/_sandbox/health`,
    );
    const ids = await sandboxIds(sandboxUrl);
    const sides: Side[] = [];
    for (const [name, build] of [
      ['A', process.env.BENCH_AB_A ?? 'dist-a'],
      ['B', process.env.BENCH_AB_B ?? 'dist'],
    ]) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = {
        ...gatewayEnv(sandboxUrl, port),
        ...envOf(process.env[`BENCH_AB_${name}_ENV`]),
      };
      const child = await launch(`${build}/apps/gateway/src/main.js`, env, `${url}/health`, [
        ...startNodeArgs(),
        ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ]);
      sides.push({
        name: `${name} (${build})`,
        url,
        child,
        headers: scenario === 'get' ? { authorization: `Bearer ${KEY}` } : {},
        paths: scenario === 'get' ? ids.map((id) => `/v1/users/convirza:${id}`) : ['/health'],
        cpuUs: [],
        rps: [],
        p50s: [],
      });
    }
    const floor =
      scenario === 'get' ? await startMinimalProxy(sandboxUrl, ids) : await startBareFastify();
    processes.push(floor.child);
    sides.push({
      name: scenario === 'get' ? 'minimal proxy (floor)' : 'bare Fastify (floor)',
      url: floor.url,
      child: floor.child,
      headers: {},
      paths: floor.paths,
      cpuUs: [],
      rps: [],
      p50s: [],
    });

    for (const side of sides) await load(side.url, side.headers, side.paths, 50, WARM);
    for (let round = 0; round < ROUNDS; round++) {
      if (SEQUENTIAL) {
        // One request to each side in turn, the order alternating between rounds.
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        const before = order.map((side) => cpuMicrosOf(side.child.pid!));
        const runs = await interleaved(order, SECONDS);
        order.forEach((side, i) => {
          if (runs[i].failures > 0) throw new Error(`${side.name}: failed requests`);
          side.cpuUs.push(
            (cpuMicrosOf(side.child.pid!) - before[i]) / (runs[i].count + SEQUENTIAL_WARM_UP),
          );
          side.p50s.push(runs[i].p50);
        });
        continue;
      }
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const before = cpuMicrosOf(side.child.pid!);
        const run = await load(side.url, side.headers, side.paths, 50, SECONDS);
        if (run.errors + run.non2xx > 0) throw new Error(`${side.name}: failed requests`);
        side.cpuUs.push((cpuMicrosOf(side.child.pid!) - before) / run.total);
        side.rps.push(run.rps);
      }
    }
    const floorSide = sides[2];
    if (SEQUENTIAL) {
      process.stdout.write(
        `\n${scenario}, 1 connection, ${ROUNDS} rounds of ${SECONDS} s, medians:\n`,
      );
      for (const side of sides) {
        // Added to the floor's p50 of the same round, so a drift between rounds falls on both.
        const added = side.p50s.map((p50, round) => p50 - floorSide.p50s[round]);
        const note =
          side === floorSide
            ? ''
            : `  added p50 ${median(added).toFixed(3)} ms [${added.map((a) => a.toFixed(3)).join(' ')}]`;
        process.stdout.write(
          `${side.name.padEnd(24)} p50 ${median(side.p50s).toFixed(3)} ms ` +
            `[${side.p50s.map((p) => p.toFixed(3)).join(' ')}]  ${median(side.cpuUs).toFixed(0)} µs CPU/req` +
            `${note}\n`,
        );
      }
      return;
    }
    process.stdout.write(`\n${scenario}, ${ROUNDS} rounds of ${SECONDS} s, medians:\n`);
    for (const side of sides) {
      const ratio =
        side === floorSide
          ? ''
          : `  ratio to the floor ${(median(side.rps) / median(floorSide.rps)).toFixed(2)} req/s, ` +
            `${(median(floorSide.cpuUs) / median(side.cpuUs)).toFixed(2)} CPU`;
      process.stdout.write(
        `${side.name.padEnd(24)} ${median(side.cpuUs).toFixed(0).padStart(5)} µs CPU/req ` +
          `[${side.cpuUs.map((c) => c.toFixed(0)).join(' ')}]  ${median(side.rps).toFixed(0)} req/s${ratio}\n`,
      );
    }
  } finally {
    await Promise.all(processes.map(stop));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
