/**
 * `npm run bench`: the gateway's overhead and fan-out, measured with autocannon
 * on loopback against the production build (dist), each server in its own
 * process as in production. Prints one table.
 *
 *   BENCH_SECONDS=10      duration of each run (default 10)
 *   BENCH_CPU_PROF=1      write a V8 CPU profile of the gateway to bench/profiles/
 */
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = 'bench-key-0123456789abcdef';
const CONVIRZA_TOKEN = 'sandbox-convirza-token';
const TIMEOUT_MS = 1000;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function load(
  url: string,
  headers: Record<string, string>,
  paths: string[],
  connections: number,
): Promise<Run> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    headers,
    requests: [
      {
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function setFault(
  sandboxUrl: string,
  vendor: string,
  settings: Record<string, unknown>,
): Promise<void> {
  const answer = await fetch(`${sandboxUrl}/_sandbox/faults/${vendor}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!answer.ok)
    throw new Error(`setting a ${vendor} fault failed: ${answer.status} ${await answer.text()}`);
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure-build.js')], { stdio: 'inherit' });
  const sandboxPort = await freePort();
  const gatewayPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

  const sandbox = start('dist/apps/vendor-sandbox/src/main.js', {
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_HOST: '127.0.0.1',
  });
  const profileDir = join(ROOT, 'bench/profiles');
  const profiling = process.env.BENCH_CPU_PROF === '1';
  if (profiling) mkdirSync(profileDir, { recursive: true });
  const gateway = start(
    'dist/apps/gateway/src/main.js',
    {
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
      GATEWAY_API_KEYS: `${KEY}:read`,
      RATE_LIMIT_PER_MINUTE: '0',
      // The directory stays empty (no sync): these runs measure the live path.
      USERBRIDGE_DATA_DIR: 'memory://',
      SYNC_INTERVAL_SECONDS: '0',
      VENDOR_TIMEOUT_MS: String(TIMEOUT_MS),
      CONVIRZA_BASE_URL: `${sandboxUrl}/convirza/v3`,
      CONVIRZA_TOKEN,
      DESK_BASE_URL: `${sandboxUrl}/desk/api`,
      DESK_USERNAME: 'sandbox-desk',
      DESK_PASSWORD: 'sandbox-desk-password',
      CREDIRA_BASE_URL: `${sandboxUrl}/credira/v1`,
      CREDIRA_API_KEY: 'sandbox-credira-key',
    },
    profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );

  try {
    await waitFor(`${sandboxUrl}/_sandbox/health`, sandbox);
    await waitFor(`${gatewayUrl}/health`, gateway);
    // Rotating over 100 real users keeps coalescing of identical reads from flattering the gateway.
    const listed = await fetch(`${sandboxUrl}/convirza/v3/users?limit=100`, {
      headers: { authorization: `Bearer ${CONVIRZA_TOKEN}` },
    });
    const IDS = (
      (await listed.json()) as { data: { users: { ct_user_id: number }[] } }
    ).data.users.map((u) => u.ct_user_id);
    const rows: string[][] = [];
    const ms = (value: number) => `${value.toFixed(1)} ms`;

    // 1. One user by id: gateway vs the same vendor call made directly.
    const direct = await load(
      sandboxUrl,
      { authorization: `Bearer ${CONVIRZA_TOKEN}` },
      IDS.map((id) => `/convirza/v3/users/${id}`),
      50,
    );
    const via = await load(
      gatewayUrl,
      { authorization: `Bearer ${KEY}` },
      IDS.map((id) => `/v1/users/convirza:${id}`),
      50,
    );
    const ratio = via.rps / direct.rps;
    rows.push([
      '1 GET /users/:id direct to the sandbox (50 conn)',
      `${direct.rps.toFixed(0)}`,
      ms(direct.p50),
      ms(direct.p99),
      '',
      `${direct.errors + direct.non2xx}`,
    ]);
    rows.push([
      '1 GET /v1/users/:id through the gateway (50 conn)',
      `${via.rps.toFixed(0)}`,
      ms(via.p50),
      ms(via.p99),
      `ratio ${ratio.toFixed(2)} (target >= 0.8); added p50 ${ms(via.p50 - direct.p50)}, p99 ${ms(via.p99 - direct.p99)} (target p50 <= 1 ms)`,
      `${via.errors + via.non2xx}`,
    ]);

    // 2. Fan-out over three vendors that each take 100 ms: alone (latency) and 10 at a time (under load).
    for (const vendor of ['convirza', 'desk', 'credira'])
      await setFault(sandboxUrl, vendor, { latencyMs: 100 });
    for (const connections of [1, 10]) {
      const fan = await load(
        gatewayUrl,
        { authorization: `Bearer ${KEY}` },
        ['/v1/users?limit=30'],
        connections,
      );
      rows.push([
        `2 GET /v1/users, 3 vendors x 100 ms (${connections} conn)`,
        `${fan.rps.toFixed(0)}`,
        ms(fan.p50),
        ms(fan.p99),
        `p50 / 100 ms = ${(fan.p50 / 100).toFixed(2)} (target <= 1.2)`,
        `${fan.errors + fan.non2xx}`,
      ]);
    }

    // 3. The same with the desk hanging: bounded by the timeout, then by the open circuit.
    await setFault(sandboxUrl, 'desk', { mode: 'hang' });
    const hung = await load(
      gatewayUrl,
      { authorization: `Bearer ${KEY}` },
      ['/v1/users?limit=30'],
      10,
    );
    rows.push([
      `3 same, desk hanging (timeout ${TIMEOUT_MS} ms, 10 conn)`,
      `${hung.rps.toFixed(0)}`,
      ms(hung.p50),
      ms(hung.p99),
      `p50 bounded by the breaker, not the hang`,
      `${hung.errors + hung.non2xx}`,
    ]);

    const header = ['scenario', 'req/s', 'p50', 'p99', 'verdict', 'errors'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    process.stdout.write(
      [
        `\nuserbridge gateway benchmark — node ${process.version}, ${SECONDS} s per run, loopback, sandbox 0 ms unless stated\n`,
        line(header),
        `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
        ...rows.map(line),
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all([stop(gateway), stop(sandbox)]);
    if (profiling)
      process.stdout.write(
        `CPU profile written to ${profileDir} (open in Chrome DevTools > Performance)\n`,
      );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
