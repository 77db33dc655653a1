/**
 * `npm run bench:profile -- <file.cpuprofile>`: where a V8 CPU profile of the
 * gateway (BENCH_CPU_PROF=1 npm run bench) spent its time, by package and by
 * function, self time only. Idle time (the event loop waiting) and GC are
 * shown apart, so the shares read as "of the CPU the gateway used".
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string, name: string): string {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node core';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  const own = /\/dist\/(apps|libs)\/(.+?)\/src\//.exec(url);
  if (own) return `userbridge ${own[1]}/${own[2]}`;
  return url;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    const pkg = packageOf(callFrame.url, callFrame.functionName);
    if (pkg === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const where = callFrame.url.replace(/^.*\/(node_modules|dist)\//, '');
    const fn = `${callFrame.functionName || '(anonymous)'}  ${where}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const list = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([name, us]) => process.stdout.write(`${pct(us)}  ${name}\n`));
  };
  process.stdout.write(
    `${file}\nbusy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s (self time; shares are of busy time)\n`,
  );
  list('by package', byPackage);
  list('by function', byFunction);
}

main();
