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
 *   BENCH_AB_ROUNDS=6  BENCH_AB_SECONDS=4 BENCH_AB_WARM_SECONDS=10
 */
import { ChildProcess } from 'node:child_process';
import { load, median } from './support/load';
import { startBareFastify, startMinimalProxy } from './support/floors';
import { cpuMicrosOf, freePort, start, stop, waitFor } from './support/processes';
import { gatewayEnv, KEY, sandboxIds, startNodeArgs } from './support/stack';

const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 4);
const WARM = Number(process.env.BENCH_AB_WARM_SECONDS ?? 10);

interface Side {
  name: string;
  url: string;
  child: ChildProcess;
  headers: Record<string, string>;
  paths: string[];
  cpuUs: number[];
  rps: number[];
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
      const child = await launch(
        `${build}/apps/gateway/src/main.js`,
        env,
        `${url}/health`,
        startNodeArgs(),
      );
      sides.push({
        name: `${name} (${build})`,
        url,
        child,
        headers: scenario === 'get' ? { authorization: `Bearer ${KEY}` } : {},
        paths: scenario === 'get' ? ids.map((id) => `/v1/users/convirza:${id}`) : ['/health'],
        cpuUs: [],
        rps: [],
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
    });

    for (const side of sides) await load(side.url, side.headers, side.paths, 50, WARM);
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const before = cpuMicrosOf(side.child.pid!);
        const run = await load(side.url, side.headers, side.paths, 50, SECONDS);
        if (run.errors + run.non2xx > 0) throw new Error(`${side.name}: failed requests`);
        side.cpuUs.push((cpuMicrosOf(side.child.pid!) - before) / run.total);
        side.rps.push(run.rps);
      }
    }
    const floorSide = sides[2];
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
