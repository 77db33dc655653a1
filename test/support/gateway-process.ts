import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { until } from './poll';

const ROOT = join(__dirname, '..', '..');

/**
 * The build's entry point, as `npm start` runs it: a cold start from the build
 * takes a fraction of one through ts-node. `npm test` builds it when missing
 * or stale (`pretest`), and so does the e2e project's global set-up.
 */
export const GATEWAY_ENTRY = join(ROOT, 'dist/apps/gateway/src/main.js');

/**
 * The Node arguments that run the built gateway; fails clearly when there is no build.
 * `--liftoff-only` keeps V8 from recompiling the embedded store's WebAssembly
 * with its optimising compiler: a test's gateway lives seconds, and that work
 * costs it more CPU than it earns back (measured in docs/performance.md). It
 * changes how fast the same code runs, nothing it does. `npm start` keeps
 * V8's default.
 */
export function builtGateway(): string[] {
  if (!existsSync(GATEWAY_ENTRY))
    throw new Error(`${GATEWAY_ENTRY} is missing: run \`npm run build\` (npm test builds it)`);
  return ['--liftoff-only', GATEWAY_ENTRY];
}

export interface GatewayProcess {
  url: string;
  pid: number;
  output(): string;
  /** Whether the process is still running (it has not exited, whatever the cause). */
  alive(): boolean;
  /** SIGTERM by pid, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

/**
 * The gateway's real entry point (`main.ts`, built) in a child process of its
 * own, on a free loopback port (PORT=0; the port is read from its start-up line).
 * `nodeArgs` replaces how Node is asked to run it (default: the build), e.g.
 * with the flags of the `start` script as `npm start` runs it.
 */
export async function startGatewayProcess(
  env: Record<string, string>,
  nodeArgs: readonly string[] = builtGateway(),
): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const stop = async () => {
    if (exitCode !== undefined || child.pid === undefined) return;
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (exitCode === undefined && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await until(
      'the gateway process to listen',
      async () => {
        if (exitCode !== undefined) throw new Error(`gateway exited with ${exitCode}:\n${text}`);
        return /listening on (http:\/\/\S+)/.exec(text)?.[1] ?? null;
      },
      (found) => found !== null,
      // ts-node compiles the whole gateway at start: minutes on a loaded 2-core machine.
      240_000,
    );
    return {
      url: url as string,
      pid: child.pid as number,
      output: () => text,
      alive: () => exitCode === undefined,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
