import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { until } from './poll';

const ROOT = join(__dirname, '..', '..');

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
 * The gateway's real entry point (`main.ts`) in a child process of its own, on
 * a free loopback port (PORT=0; the port is read from its start-up line).
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(ROOT, 'apps/gateway/src/main.ts'),
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
