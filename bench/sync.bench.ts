/**
 * `npm run bench:sync`: the directory at size, over the real HTTP path. The
 * sandbox (its own process) serves BENCH_USERS users per vendor with
 * BENCH_PAGE_MS of latency on every vendor answer; the gateway (production
 * build, its own process) stores them in a real PostgreSQL server started
 * like the test harness, then in the embedded PGlite. Per store it measures:
 * a full sync of every vendor plus the reconciliation after it, the gateway's
 * peak RSS (VmHWM) after them and again at the end, p50/p99 of GET /v1/identities and GET /v1/users pages from
 * the store, and a second sync after 1 % of the users changed, which must
 * write exactly those changes. Beside it, in the same run, the vendor floor:
 * a bare client reading the same pages from the same sandbox (the same page
 * sizes and concurrency, each answer parsed, nothing stored). Each size runs
 * against a fresh sandbox, so memory at two sizes can be compared. Prints one
 * table. A benchmark, not a test.
 *
 *   BENCH_SIZES=10000,100000  bulk users per vendor (3 vendors), one sandbox each
 *   BENCH_CONCURRENCY=4    pages in flight per connection (SYNC_PAGE_CONCURRENCY and the floor's)
 *   BENCH_PAGE_MS=50       latency of every vendor answer
 *   BENCH_STORES=postgres,pglite
 *   BENCH_READS=200        pages read per endpoint
 *   BENCH_GATEWAY_NODE_ARGS  e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (profile the gateway)
 *   BENCH_VENDOR_TIMEOUT_MS=120000  the gateway's VENDOR_TIMEOUT_MS (a loaded machine's sandbox is slow to answer)
 *   BENCH_STATEMENTS=10    print the server's 10 dearest statements of each round (pg_stat_statements)
 */
import { startPostgres } from '@userbridge/directory/testing';
import { freePort } from './support/processes';
import { startNodeArgs } from './support/stack';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? process.env.BENCH_USERS ?? '10000,100000')
  .split(',')
  .map((size) => Number(size.trim()));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
/** The adapters' largest pages: Convirza 1 000 a page, Credira 100; the desk answers everyone at once. */
const CONVIRZA_PAGE = 1000;
const CREDIRA_PAGE = 100;
const PAGE_MS = Number(process.env.BENCH_PAGE_MS ?? 50);
const STORES = (process.env.BENCH_STORES ?? 'postgres').split(',').map((s) => s.trim());
const READS = Number(process.env.BENCH_READS ?? 200);
const VENDOR_TIMEOUT_MS = process.env.BENCH_VENDOR_TIMEOUT_MS ?? '120000';
const KEY = 'bench-sync-key-0123456789';
/** How many of the server's dearest statements to print per round (0: none, and no extension loaded). */
const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 0);
const VENDORS = ['convirza', 'desk', 'credira'];

interface Result {
  store: string;
  size: number;
  floorSeconds: number;
  floorPerVendor: Record<string, number>;
  syncSeconds: number;
  perVendor: Record<string, number>;
  reconcileSeconds: number;
  totalSeconds: number;
  users: number;
  identities: number;
  /** CPU seconds of each process during the first sync and its reconciliation. */
  syncCpu: CpuSplit;
  /** CPU seconds of the sandbox while the floor read it (the floor's client apart). */
  floorSandboxCpu: number;
  /** VmHWM once the first sync and its reconciliation are done. */
  syncPeakRssMb: number;
  /** VmHWM at the end: also the page reads, a walk of the whole change feed and the second sync. */
  peakRssMb: number;
  identitiesP50: number;
  identitiesP99: number;
  usersP50: number;
  usersP99: number;
  changed: number;
  changesWritten: number;
  changesByKind: Record<string, number>;
  secondSyncSeconds: number;
  /** The second round's sync alone (all vendors read and stored) and its reconciliation. */
  secondReadSeconds: number;
  secondReconcileSeconds: number;
  secondPerVendor: Record<string, number>;
  /** CPU seconds of each process during the second round (sync and reconciliation). */
  secondCpu: CpuSplit;
}

function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  }).on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`${script} exited: ${code ?? signal}`);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
      return resolve();
    const pid = child.pid;
    // A gateway still writing after 15 s is killed; one that already ended is left alone.
    const killer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    }, 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    process.kill(pid, 'SIGTERM');
  });
}

async function waitFor(url: string, child: ChildProcess, seconds = 300): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak resident set size of a process so far (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024);
}

/** CPU seconds (user + system) a process has used, with its ended children's. */
/** Runs `text` on the bench's database (for pg_stat_statements), when one is profiled. */
async function onStatements<T>(url: string | null, text: string): Promise<T[]> {
  if (url === null) return [];
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

async function statementsReset(url: string | null): Promise<void> {
  await onStatements(url, 'create extension if not exists pg_stat_statements');
  await onStatements(url, 'select pg_stat_statements_reset()');
}

/** The server's dearest statements since the reset: total and mean time, calls, rows, and the text's start. */
async function statementsPrint(url: string | null, title: string): Promise<void> {
  const rows = await onStatements<{
    total: number;
    mean: number;
    calls: string;
    rows: string;
    query: string;
  }>(
    url,
    `select total_exec_time + total_plan_time as total, mean_exec_time as mean, calls, rows,
       regexp_replace(query, '\\s+', ' ', 'g') as query
     from pg_stat_statements order by total_exec_time + total_plan_time desc limit ${STATEMENTS}`,
  );
  if (rows.length === 0) return;
  process.stdout.write(`\n[${title}] the server's dearest statements\n`);
  for (const row of rows)
    process.stdout.write(
      `  ${(row.total / 1000).toFixed(2)} s  ${row.calls} calls  ${row.mean.toFixed(2)} ms mean  ${row.rows} rows  ${row.query.slice(0, 110)}\n`,
    );
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime, stime, cutime, cstime (fields 14-17 of stat, counted from after the name), in clock ticks.
  return fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0) / 100;
}

/**
 * CPU seconds of a PostgreSQL server so far: the postmaster (with its ended
 * backends) and every live process it started (the bench's connections'
 * backends, the checkpointer, the WAL writer...).
 */
function serverCpuSeconds(postmaster: number): number {
  let total = cpuSeconds(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(stat[1]) === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // ended between the listing and the read
    }
  }
  return total;
}

/** Where a sync round's CPU went: the gateway, the store's server (null: PGlite, in the gateway), the sandbox. */
interface CpuSplit {
  gateway: number;
  store: number | null;
  sandbox: number;
}

function cpuNow(gateway: number, store: number | null, sandbox: number): CpuSplit {
  return {
    gateway: cpuSeconds(gateway),
    store: store === null ? null : serverCpuSeconds(store),
    sandbox: cpuSeconds(sandbox),
  };
}

function cpuSince(before: CpuSplit, after: CpuSplit): CpuSplit {
  return {
    gateway: after.gateway - before.gateway,
    store: before.store === null || after.store === null ? null : after.store - before.store,
    sandbox: after.sandbox - before.sandbox,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function api(gateway: string, method: string, path: string): Promise<any> {
  const answer = await fetch(`${gateway}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}` },
  }).catch((error: Error & { cause?: unknown }) => {
    throw new Error(`${method} ${path}: ${error.message} (${String(error.cause)})`);
  });
  const text = await answer.text();
  if (answer.status >= 400) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Stored reconciliation runs this gateway process has finished. */
async function reconciliations(gateway: string): Promise<number> {
  const answer = await fetch(`${gateway}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
  const text = await answer.text();
  const line =
    /^userbridge_reconciliation_duration_seconds_count\{outcome="succeeded"\} (\d+)/m.exec(text);
  return Number(line?.[1] ?? 0);
}

/** POST /v1/sync, then waits for its runs and the reconciliation after them. */
/** Each run's seconds from start to finish, by vendor. */
function runSeconds(runs: any[]): Record<string, number> {
  return Object.fromEntries(
    runs.map((r) => [r.vendor, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000]),
  );
}

async function syncRound(gateway: string): Promise<{
  runs: any[];
  syncSeconds: number;
  reconcileSeconds: number;
  totalSeconds: number;
  run: any;
}> {
  // Counted in /metrics, not asked of /v1/identities/summary: with no stored run
  // yet, the summary answers live, which reads every vendor whole.
  const before = await reconciliations(gateway);
  const t0 = Date.now();
  const started = await api(gateway, 'POST', '/v1/sync');
  const ids: number[] = started.data.map((r: any) => r.id);
  let runs: any[];
  for (;;) {
    runs = (await api(gateway, 'GET', '/v1/sync/runs?limit=50')).data.filter((r: any) =>
      ids.includes(r.id),
    );
    if (runs.length === ids.length && runs.every((r) => r.outcome !== 'running')) break;
    await sleep(250);
  }
  const synced = Date.now();
  const failed = runs.filter((r) => r.outcome !== 'succeeded');
  if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed)}`);
  while ((await reconciliations(gateway)) <= before) await sleep(250);
  const summary = await api(gateway, 'GET', '/v1/identities/summary');
  if (summary.meta?.source !== 'store') throw new Error('no stored reconciliation run');
  const done = Date.now();
  return {
    runs,
    syncSeconds: (synced - t0) / 1000,
    reconcileSeconds: (done - synced) / 1000,
    totalSeconds: (done - t0) / 1000,
    run: summary,
  };
}

async function timedPages(gateway: string, path: string): Promise<number[]> {
  const times: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < READS; i++) {
    const url = `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const t = performance.now();
    const page = await api(gateway, 'GET', url);
    times.push(performance.now() - t);
    if (page.meta?.source !== 'store') throw new Error(`${path} was not answered from the store`);
    cursor = page.nextCursor;
    if (cursor === null) cursor = null;
  }
  return times;
}

/** The change feed from `after` to its end: how many changes of each kind. */
async function feedFrom(
  gateway: string,
  after: number,
): Promise<{ last: number; kinds: Record<string, number> }> {
  const kinds: Record<string, number> = {};
  let position = after;
  for (;;) {
    const page = await api(gateway, 'GET', `/v1/changes?after=${position}&limit=1000`);
    for (const change of page.data) kinds[change.kind] = (kinds[change.kind] ?? 0) + 1;
    position = page.nextAfter;
    if (!page.hasMore) return { last: position, kinds };
  }
}

/** Pages of `size` at offsets 0, size, 2·size … up to `total`, `concurrency` requests at a time, in any order. */
async function pagedFloor(
  fetchPage: (index: number) => Promise<{ count: number; total: number | null }>,
  pageSize: number,
): Promise<number> {
  const first = await fetchPage(0);
  if (first.total === null) throw new Error('the floor needs a stated total');
  const pages = Math.ceil(first.total / pageSize);
  let next = 1;
  let read = first.count;
  const worker = async () => {
    while (next < pages) read += (await fetchPage(next++)).count;
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return read;
}

/**
 * The vendor floor: what reading every vendor costs a bare client, with the
 * sync's page sizes and concurrency, each answer parsed as JSON and dropped.
 * Vendors in parallel, as a sync round reads them.
 */
async function vendorFloor(sandboxUrl: string): Promise<{
  seconds: number;
  perVendor: Record<string, number>;
}> {
  const get = async (path: string, headers: Record<string, string>) => {
    const answer = await fetch(`${sandboxUrl}${path}`, { headers });
    if (answer.status !== 200) throw new Error(`floor: ${path} answered ${answer.status}`);
    return JSON.parse(await answer.text());
  };
  const basic = `Basic ${Buffer.from('sandbox-desk:sandbox-desk-password').toString('base64')}`;
  const timed = async (read: () => Promise<unknown>) => {
    const t = performance.now();
    await read();
    return (performance.now() - t) / 1000;
  };
  const t0 = performance.now();
  const [convirza, desk, credira] = await Promise.all([
    timed(() =>
      pagedFloor(async (index) => {
        const body = await get(
          `/convirza/v3/users?limit=${CONVIRZA_PAGE}&offset=${index * CONVIRZA_PAGE}`,
          { authorization: 'Bearer sandbox-convirza-token' },
        );
        return { count: body.data.users.length, total: body.data.total };
      }, CONVIRZA_PAGE),
    ),
    timed(() => get('/desk/api/users', { authorization: basic })),
    timed(() =>
      pagedFloor(async (index) => {
        const body = await get(`/credira/v1/users?page=${index + 1}&limit=${CREDIRA_PAGE}`, {
          authorization: 'Bearer sandbox-credira-key',
        });
        return { count: body.data.length, total: body.meta.total };
      }, CREDIRA_PAGE),
    ),
  ]);
  return {
    seconds: (performance.now() - t0) / 1000,
    perVendor: { convirza, desk, credira },
  };
}

async function benchStore(
  store: string,
  sandboxUrl: string,
  sandboxPid: number,
  size: number,
): Promise<Result> {
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  let storeEnv: Record<string, string>;
  let cleanup: () => Promise<void>;
  let storePid: number | null = null;
  let statementsUrl: string | null = null;
  if (store === 'postgres') {
    const server = await startPostgres(
      STATEMENTS > 0
        ? {
            settings: [
              'shared_preload_libraries=pg_stat_statements',
              'pg_stat_statements.track=all',
            ],
          }
        : {},
    );
    storePid = server.pid;
    storeEnv = { DATABASE_URL: await server.createDatabase('bench') };
    if (STATEMENTS > 0) statementsUrl = storeEnv.DATABASE_URL;
    cleanup = () => server.stop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'userbridge-bench-'));
    storeEnv = { USERBRIDGE_DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const gateway = start(
    'dist/apps/gateway/src/main.js',
    {
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
      GATEWAY_API_KEYS: `${KEY}:write`,
      RATE_LIMIT_PER_MINUTE: '0',
      SYNC_INTERVAL_SECONDS: '0',
      SYNC_PAGE_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'warn',
      VENDOR_TIMEOUT_MS: VENDOR_TIMEOUT_MS,
      CONVIRZA_BASE_URL: `${sandboxUrl}/convirza/v3`,
      CONVIRZA_TOKEN: 'sandbox-convirza-token',
      DESK_BASE_URL: `${sandboxUrl}/desk/api`,
      DESK_USERNAME: 'sandbox-desk',
      DESK_PASSWORD: 'sandbox-desk-password',
      CREDIRA_BASE_URL: `${sandboxUrl}/credira/v1`,
      CREDIRA_API_KEY: 'sandbox-credira-key',
      ...storeEnv,
    },
    [...startNodeArgs(), ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean)],
  );
  try {
    await waitFor(`${gatewayUrl}/health`, gateway);
    process.stdout.write(`[${store}] vendor floor at ${VENDORS.length} × ${size}...\n`);
    const floorStart = cpuSeconds(sandboxPid);
    const floor = await vendorFloor(sandboxUrl);
    const floorSandboxCpu = cpuSeconds(sandboxPid) - floorStart;
    process.stdout.write(`[${store}] full sync of ${VENDORS.length} × ${size} users...\n`);
    await statementsReset(statementsUrl);
    const cpuBefore = cpuNow(gateway.pid as number, storePid, sandboxPid);
    const first = await syncRound(gatewayUrl);
    await statementsPrint(statementsUrl, `${store}, ${size}: first round`);
    const syncCpu = cpuSince(cpuBefore, cpuNow(gateway.pid as number, storePid, sandboxPid));
    const syncPeakRssMb = peakRssMb(gateway.pid as number);
    const perVendor = runSeconds(first.runs);
    process.stdout.write(
      `[${store}] synced in ${first.totalSeconds.toFixed(1)} s; reading pages...\n`,
    );
    const identities = await timedPages(gatewayUrl, '/v1/identities?limit=50');
    const users = await timedPages(gatewayUrl, '/v1/users?limit=50');

    process.stdout.write(`[${store}] 1 % churn and a second sync...\n`);
    const { last } = await feedFrom(gatewayUrl, 0);
    const churn = await fetch(`${sandboxUrl}/_sandbox/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ every: 100 }),
    });
    const changedBy = (await churn.json()) as Record<string, number>;
    await statementsReset(statementsUrl);
    const secondBefore = cpuNow(gateway.pid as number, storePid, sandboxPid);
    const second = await syncRound(gatewayUrl);
    await statementsPrint(statementsUrl, `${store}, ${size}: second round`);
    const secondCpu = cpuSince(secondBefore, cpuNow(gateway.pid as number, storePid, sandboxPid));
    const feed = await feedFrom(gatewayUrl, last);
    // Put the names back so the next store starts from the same data.
    await fetch(`${sandboxUrl}/_sandbox/reset`, { method: 'POST' });
    return {
      store,
      size,
      floorSeconds: floor.seconds,
      floorPerVendor: floor.perVendor,
      syncSeconds: first.syncSeconds,
      perVendor,
      reconcileSeconds: first.reconcileSeconds,
      totalSeconds: first.totalSeconds,
      syncCpu,
      floorSandboxCpu,
      users: first.run.users,
      identities: first.run.identities,
      syncPeakRssMb,
      peakRssMb: peakRssMb(gateway.pid as number),
      identitiesP50: percentile(identities, 50),
      identitiesP99: percentile(identities, 99),
      usersP50: percentile(users, 50),
      usersP99: percentile(users, 99),
      changed: Object.values(changedBy).reduce((a, b) => a + b, 0),
      changesWritten: Object.values(feed.kinds).reduce((a, b) => a + b, 0),
      changesByKind: feed.kinds,
      secondSyncSeconds: second.totalSeconds,
      secondReadSeconds: second.syncSeconds,
      secondReconcileSeconds: second.reconcileSeconds,
      secondPerVendor: runSeconds(second.runs),
      secondCpu,
    };
  } finally {
    await stop(gateway);
    await cleanup();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const s = (value: number) => `${value.toFixed(1)} s`;

function table(results: Result[]): string {
  const storeName = (r: Result) => (r.store === 'postgres' ? 'PostgreSQL 15 server' : 'PGlite');
  const smallest = (r: Result) =>
    results.filter((other) => other.store === r.store).sort((a, b) => a.size - b.size)[0];
  const rows: string[][] = [
    ['users stored / identities', ...results.map((r) => `${r.users} / ${r.identities}`)],
    [
      'vendor floor (bare client, same pages and concurrency)',
      ...results.map(
        (r) =>
          `${s(r.floorSeconds)} (${VENDORS.map((v) => `${v} ${s(r.floorPerVendor[v] ?? NaN)}`).join(', ')})`,
      ),
    ],
    ['full sync (all vendors in parallel)', ...results.map((r) => s(r.syncSeconds))],
    [
      '  per vendor',
      ...results.map((r) => VENDORS.map((v) => `${v} ${s(r.perVendor[v] ?? NaN)}`).join(', ')),
    ],
    ['reconciliation after it', ...results.map((r) => s(r.reconcileSeconds))],
    [
      'sync + reconciliation / floor (target ≤ 1.25 on a server)',
      ...results.map(
        (r) =>
          `${s(r.totalSeconds)} / ${s(r.floorSeconds)} = ${(r.totalSeconds / r.floorSeconds).toFixed(2)}`,
      ),
    ],
    [
      'CPU during sync + reconciliation: gateway / store server / sandbox (the floor: sandbox)',
      ...results.map(
        (r) =>
          `${s(r.syncCpu.gateway)} / ${r.syncCpu.store === null ? 'in the gateway' : s(r.syncCpu.store)} / ${s(r.syncCpu.sandbox)} (${s(r.floorSandboxCpu)})`,
      ),
    ],
    [
      'gateway peak RSS after sync + reconciliation (VmHWM; target < 300 MB on a server)',
      ...results.map((r) => `${r.syncPeakRssMb} MB`),
    ],
    [
      '  its ratio to the smallest size (target ≤ 1.25)',
      ...results.map((r) => (r.syncPeakRssMb / smallest(r).syncPeakRssMb).toFixed(2)),
    ],
    [
      'gateway peak RSS at the end (page reads, change feed walk, second sync too)',
      ...results.map(
        (r) => `${r.peakRssMb} MB (${(r.peakRssMb / smallest(r).peakRssMb).toFixed(2)})`,
      ),
    ],
    [
      `GET /v1/identities page of 50: p50 / p99 (${READS} pages)`,
      ...results.map((r) => `${ms(r.identitiesP50)} / ${ms(r.identitiesP99)}`),
    ],
    [
      `GET /v1/users page of 50: p50 / p99 (${READS} pages)`,
      ...results.map((r) => `${ms(r.usersP50)} / ${ms(r.usersP99)}`),
    ],
    ['1 % churn: users changed at the vendors', ...results.map((r) => String(r.changed))],
    [
      'second sync: changes written',
      ...results.map(
        (r) =>
          `${r.changesWritten} (${Object.entries(r.changesByKind)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')})`,
      ),
    ],
    ['second sync + reconciliation', ...results.map((r) => s(r.secondSyncSeconds))],
    [
      '  second sync alone / floor (target ≤ 1: no longer than the read)',
      ...results.map(
        (r) =>
          `${s(r.secondReadSeconds)} / ${s(r.floorSeconds)} = ${(r.secondReadSeconds / r.floorSeconds).toFixed(2)}`,
      ),
    ],
    [
      '  per vendor',
      ...results.map((r) =>
        VENDORS.map((v) => `${v} ${s(r.secondPerVendor[v] ?? NaN)}`).join(', '),
      ),
    ],
    ['  its reconciliation', ...results.map((r) => s(r.secondReconcileSeconds))],
    [
      '  CPU of the second round: gateway / store server / sandbox',
      ...results.map(
        (r) =>
          `${s(r.secondCpu.gateway)} / ${r.secondCpu.store === null ? 'in the gateway' : s(r.secondCpu.store)} / ${s(r.secondCpu.sandbox)}`,
      ),
    ],
  ];
  const header = `| measure | ${results.map((r) => `${storeName(r)}, 3 × ${r.size}`).join(' | ')} |\n| --- | ${results.map(() => '---').join(' | ')} |`;
  return [header, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure-build.js')], { stdio: 'inherit' });
  const results: Result[] = [];
  for (const size of SIZES) {
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const latency = Object.fromEntries(VENDORS.map((v) => [v, { latencyMs: PAGE_MS }]));
    const sandbox = start('dist/apps/vendor-sandbox/src/main.js', {
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_USERS_PER_VENDOR: String(size),
      SANDBOX_FAULTS: JSON.stringify(latency),
    });
    try {
      await waitFor(`${sandboxUrl}/_sandbox/health`, sandbox);
      for (const store of STORES)
        results.push(await benchStore(store, sandboxUrl, sandbox.pid as number, size));
    } finally {
      await stop(sandbox);
    }
  }
  process.stdout.write(
    `\nuserbridge directory: ${PAGE_MS} ms per vendor answer, ${CONCURRENCY} pages in flight per connection\n\n${table(results)}\n`,
  );
  const wrong = results.filter((r) => r.changesWritten !== r.changed);
  if (wrong.length > 0)
    process.stdout.write(
      `\nsecond sync did NOT write exactly the changed users: ${wrong.map((r) => r.store).join(', ')}\n`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:sync failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
