import { ChildProcess } from 'node:child_process';
import { freePort, startTs, stop, waitFor } from './processes';
import { CONVIRZA_TOKEN } from './stack';

/** A floor server of the gateway bench, in its own process, answering. */
export interface Floor {
  child: ChildProcess;
  url: string;
  /** The paths its load rotates over. */
  paths: string[];
}

async function startFloor(
  file: string,
  env: Record<string, string>,
  paths: string[],
): Promise<Floor> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startTs(file, { ...env, PORT: String(port) });
  try {
    await waitFor(`${url}${paths[0]}`, child);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { child, url, paths };
}

/** A bare Fastify app with one route answering `{status:"ok"}`: the floor of `/health`. */
export function startBareFastify(): Promise<Floor> {
  return startFloor('bench/floors/bare-fastify.ts', {}, ['/health']);
}

/**
 * A minimal keep-alive proxy making the gateway's Convirza get against the
 * sandbox, over the same ids: the floor of a proxied read.
 */
export function startMinimalProxy(sandboxUrl: string, ids: readonly number[]): Promise<Floor> {
  return startFloor(
    'bench/floors/minimal-proxy.ts',
    { UPSTREAM: `${sandboxUrl}/convirza/v3`, TOKEN: CONVIRZA_TOKEN },
    ids.map((id) => `/users/${id}`),
  );
}
