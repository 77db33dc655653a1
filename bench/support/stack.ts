import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, start, stop, waitFor } from './processes';

export const KEY = 'bench-key-0123456789abcdef';
export const CONVIRZA_TOKEN = 'sandbox-convirza-token';
export const TIMEOUT_MS = 1000;

export interface Stack {
  sandboxUrl: string;
  gatewayUrl: string;
  gateway: ChildProcess;
  sandbox: ChildProcess;
  /** 100 real Convirza ids of the sandbox. */
  ids: number[];
  profileDir: string | null;
  stop(): Promise<void>;
}

/**
 * What the bench gateway runs with: every vendor pointed at the sandbox, an
 * empty in-memory directory (no sync: the runs measure the live path), no rate
 * limit. LOG_LEVEL is passed through.
 */
export function gatewayEnv(sandboxUrl: string, port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    GATEWAY_API_KEYS: `${KEY}:read`,
    RATE_LIMIT_PER_MINUTE: '0',
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
    ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
  };
}

/** 100 real Convirza ids of the sandbox: rotating over them keeps coalescing from flattering the gateway. */
export async function sandboxIds(sandboxUrl: string): Promise<number[]> {
  const listed = await fetch(`${sandboxUrl}/convirza/v3/users?limit=100`, {
    headers: { authorization: `Bearer ${CONVIRZA_TOKEN}` },
  });
  const ids = (
    (await listed.json()) as { data: { users: { ct_user_id: number }[] } }
  ).data.users.map((u) => u.ct_user_id);
  if (ids.length !== 100)
    throw new Error(`the sandbox listed ${ids.length} Convirza users, not 100`);
  return ids;
}

/**
 * The Node flags `npm start` runs the gateway with (package.json's `start`
 * script, between `node` and the script), so every bench measures the gateway
 * as it is run.
 */
export function startNodeArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = manifest.scripts.start.split(/\s+/);
  if (words[0] !== 'node') throw new Error('package.json start script does not begin with node');
  return words.slice(
    1,
    words.findIndex((word) => word.endsWith('.js')),
  );
}

/**
 * The production build of the gateway and the sandbox, each in its own
 * process, the gateway pointed at the sandbox for all three vendors.
 * BENCH_CPU_PROF=1 writes a V8 CPU profile of the gateway to bench/profiles/;
 * BENCH_GATEWAY_NODE_ARGS adds Node flags to the gateway (`--perf-basic-prof`
 * for `perf record`, `--trace-gc`; BENCH_STDOUT=1 shows what it prints).
 */
export async function startStack(): Promise<Stack> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure-build.js')], { stdio: 'inherit' });
  const sandboxPort = await freePort();
  const gatewayPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const sandbox = start('dist/apps/vendor-sandbox/src/main.js', {
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_HOST: '127.0.0.1',
  });
  const profiling = process.env.BENCH_CPU_PROF === '1';
  const profileDir = profiling ? join(ROOT, 'bench/profiles') : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const gateway = start('dist/apps/gateway/src/main.js', gatewayEnv(sandboxUrl, gatewayPort), [
    ...startNodeArgs(),
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ]);
  const stopAll = () => Promise.all([stop(gateway), stop(sandbox)]).then(() => undefined);
  try {
    await waitFor(`${sandboxUrl}/_sandbox/health`, sandbox);
    await waitFor(`${gatewayUrl}/health`, gateway);
    const ids = await sandboxIds(sandboxUrl);
    return { sandboxUrl, gatewayUrl, gateway, sandbox, ids, profileDir, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A fault of one vendor of the sandbox (`latencyMs`, `mode: 'hang'`, ...). */
export async function setFault(
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
