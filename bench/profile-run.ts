/**
 * `npm run bench:profile -- get|health|list [seconds]`: one scenario alone
 * against a gateway run under --cpu-prof, then the profile's summary, so a
 * profile holds the path of one kind of request only. `get` and `health` at
 * 50 connections; `list` is the bench's scenario 4 at 10 connections (`GET
 * /v1/users?limit=30`, each vendor answering after 100 ms).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from './support/load';
import { ROOT } from './support/processes';
import { KEY, setFault, startStack } from './support/stack';

async function main(): Promise<void> {
  const scenario = process.argv[2] ?? 'get';
  const seconds = Number(process.argv[3] ?? 15);
  if (!['get', 'health', 'list'].includes(scenario))
    throw new Error('scenario: get, health or list');
  process.env.BENCH_CPU_PROF = '1';
  const started = Date.now();
  const stack = await startStack();
  let rps: number;
  try {
    const auth = { authorization: `Bearer ${KEY}` };
    if (scenario === 'list')
      for (const vendor of ['convirza', 'desk', 'credira'])
        await setFault(stack.sandboxUrl, vendor, { latencyMs: 100 });
    const paths = {
      get: stack.ids.map((id) => `/v1/users/convirza:${id}`),
      health: ['/health'],
      list: ['/v1/users?limit=30'],
    }[scenario as 'get' | 'health' | 'list'];
    const run = await load(
      stack.gatewayUrl,
      scenario === 'health' ? {} : auth,
      paths,
      scenario === 'list' ? 10 : 50,
      seconds,
    );
    if (scenario === 'list') process.stdout.write(`list: p50 ${run.p50} ms\n`);
    rps = run.rps;
    if (run.errors + run.non2xx > 0) throw new Error(`${run.errors + run.non2xx} failed requests`);
  } finally {
    await stack.stop();
  }
  const dir = stack.profileDir!;
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= started)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error('the gateway wrote no profile');
  process.stdout.write(`${scenario}: ${rps.toFixed(0)} req/s under the profiler\n`);
  execFileSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench/profile-summary.ts'), newest],
    { stdio: 'inherit', cwd: ROOT },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
