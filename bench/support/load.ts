import autocannon from 'autocannon';
import { Agent, request } from 'node:http';

export interface Run {
  rps: number;
  /** Answers received. */
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** The middle value (the upper one of an even count). */
export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1];

/** autocannon over `paths` in turn (rotating ids keep coalescing out of the figures). */
export async function load(
  url: string,
  headers: Record<string, string>,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<Run> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers,
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The same load in 2 s windows until throughput stops rising: two windows in a
 * row that do not beat the best one so far by more than 3 %, or 30 s at most.
 * Answers the seconds it took. A measured run starts from a server at steady
 * state: the bare floors get there in a few seconds, while the gateway, with
 * far more code on its path, needs 10 to 20 s of load on two busy cores to
 * compile it (its first 2 s cost four times its steady CPU per request).
 */
export async function warmUntilSteady(
  url: string,
  headers: Record<string, string>,
  paths: string[],
  connections: number,
): Promise<number> {
  const WINDOW_S = 2;
  const MAX_S = 30;
  let best = 0;
  let flat = 0;
  let seconds = 0;
  while (flat < 2 && seconds < MAX_S) {
    const { rps } = await load(url, headers, paths, connections, WINDOW_S);
    seconds += WINDOW_S;
    flat = rps > best * 1.03 ? 0 : flat + 1;
    best = Math.max(best, rps);
  }
  return seconds;
}

/** Fixed request count (the memory check): resolves when `amount` answers are in. */
export async function send(
  url: string,
  headers: Record<string, string>,
  paths: string[],
  connections: number,
  amount: number,
): Promise<Run> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    amount,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Requests `interleaved` sends each target before it starts timing (answered, not counted in `count`). */
export const SEQUENTIAL_WARM_UP = 200;

export interface Latency {
  p50: number;
  p99: number;
  mean: number;
  count: number;
  failures: number;
}

/** One of the servers `interleaved` takes turns with. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  paths: string[];
}

function once(agent: Agent, base: URL, path: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const outgoing = request(
      { agent, host: base.hostname, port: base.port, path, headers },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 0));
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * One connection, one request at a time, timed in microseconds: autocannon's
 * histogram counts whole milliseconds, too coarse for a 1 ms budget.
 */
export async function sequential(
  url: string,
  headers: Record<string, string>,
  paths: string[],
  seconds: number,
): Promise<Latency> {
  return (await interleaved([{ url, headers, paths }], seconds))[0];
}

/**
 * `sequential` over several servers at once, one request to each in turn on
 * one connection per server: a drift of a shared machine's speed falls on
 * every server alike, request by request, where runs one after the other
 * would each catch a different moment of it.
 */
export async function interleaved(targets: Target[], seconds: number): Promise<Latency[]> {
  const sides = targets.map((target) => ({
    ...target,
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    base: new URL(target.url),
    samples: [] as number[],
    failures: 0,
  }));
  const until = performance.now() + seconds * 1000;
  try {
    // A short warm-up, so the first connection and JIT are not in the figures.
    for (let i = 0; i < SEQUENTIAL_WARM_UP; i++)
      for (const side of sides)
        await once(side.agent, side.base, side.paths[i % side.paths.length], side.headers);
    for (let i = 0; performance.now() < until; i++) {
      for (const side of sides) {
        const started = performance.now();
        const status = await once(
          side.agent,
          side.base,
          side.paths[i % side.paths.length],
          side.headers,
        );
        side.samples.push(performance.now() - started);
        if (status < 200 || status > 299) side.failures++;
      }
    }
  } finally {
    for (const side of sides) side.agent.destroy();
  }
  return sides.map(({ samples, failures }) => {
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
    return {
      p50: at(0.5),
      p99: at(0.99),
      mean: samples.reduce((a, b) => a + b, 0) / samples.length,
      count: samples.length,
      failures,
    };
  });
}
