/**
 * `npm run bench:reconcile`: wall time and peak memory of the reconciliation
 * engine on synthetic users of 3 vendors x N, N = 10k, 30k, 100k. Each size
 * runs in a fresh child process so one size's heap never inflates the next
 * one's peak. Prints one table and whether 3 x 100k meets the target.
 *
 * The children run this file and the library transpiled to plain JavaScript,
 * as production runs dist/: under ts-node every child would also hold the
 * TypeScript compiler (~80 MB RSS) that the gateway never loads, and the peak
 * would measure ts-node rather than the engine. Peak RSS still covers the
 * whole child: Node itself, the generated input and the engine's result.
 *
 *   BENCH_SIZES=10000,30000   override the sizes
 *   BENCH_TS_NODE=1           run the children under ts-node instead, for comparison
 *   BENCH_STREAM=0            measure `reconcile` only (default: both `reconcile`, the whole
 *                             result held, and `reconcileStream`, identities made and dropped
 *                             500 at a time as the stored reconciliation writes them)
 *
 * Every row ends with a digest (sha256 of every identity's JSON, in order):
 * both engines must print the same one for a size.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  AccountTable,
  reconcile,
  reconcileStream,
  SummaryCounter,
  type Identity,
  type ReconcileUser,
} from '@userbridge/reconciliation';

const TARGET_MS = 5000;
const TARGET_MB = 300;
const VENDORS = ['convirza', 'desk', 'credira'] as const;
/** Extra V8 flags for the children, e.g. BENCH_NODE_FLAGS=--max-semi-space-size=2 */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f.length > 0);
const SIZES = (process.env.BENCH_SIZES ?? '10000,30000,100000').split(',').map(Number);
const ENGINES: Engine[] = process.env.BENCH_STREAM === '0' ? ['whole'] : ['whole', 'stream'];

type Engine = 'whole' | 'stream';

interface Measurement {
  perVendor: number;
  engine: Engine;
  digest: string;
  users: number;
  identities: number;
  conflicts: number;
  ms: number;
  /** CPU time of the child (user + system) over the same span: on a shared machine, steadier than the wall time. */
  cpuMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  peakMb: number;
}

/** mulberry32: tiny, fast and seeded, so every run sees the same people. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ann',
  'Bob',
  'Carla',
  'Dmitri',
  'Émile',
  'Fatima',
  'Gus',
  'Hana',
  'Iñigo',
  'José',
  'Kai',
  'Lena',
  'Mo',
  'Nadia',
  'Olu',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Vik',
  'Wen',
  'Xavi',
  'Yara',
  'Zoë',
];
const LAST = [
  'Lee',
  'Stone',
  'Núñez',
  'Okafor',
  'Schmidt',
  'Tanaka',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Haddad',
  'Ivanova',
  'Silva',
  'Nguyen',
  'Kim',
  'Brown',
  'García',
  'Müller',
  'Cohen',
  'Patel',
  'Smith',
];

/**
 * People spread over 3 vendors: ~40% in one vendor, ~35% in two, ~25% in all
 * three; email case/space noise; some links by phone or external id only;
 * ~5% offboarding gaps among multi-vendor people; ~2% keyless accounts; a few
 * desk accounts sharing a team mailbox; names from small pools, so many
 * different people share a name. Per-user strings are flat, as JSON.parse
 * makes them (template literals would make rope strings that the engine would
 * then pay to flatten); enum-like values (vendor, status, role) are shared
 * constants as in the mappers; a person's email, phone and names are shared
 * between their accounts, which makes the input lighter than real data: the
 * point is to measure the engine.
 */
/** A flat copy of a string, as JSON.parse would produce it. */
function flat(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

function* people(perVendor: number): Generator<ReconcileUser> {
  const random = prng(0x5eed ^ perVendor);
  const target = perVendor * VENDORS.length;
  let made = 0;
  const nextId = [0, 0, 0];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  for (let person = 0; made < target; person++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    // Suffixes keep most full names distinct while leaving realistic collisions.
    const suffix = Math.floor(random() * 5000);
    const lastName = suffix === 0 ? last : flat(`${last}-${suffix}`);
    const displayName = flat(`${first} ${lastName}`);
    const email = flat(`p${person}@example.com`);
    const phone = random() < 0.7 ? flat(`+1202${String(person).padStart(7, '0')}`) : null;
    const externalId = random() < 0.3 ? `EXT-${person}` : null;
    const roll = random();
    const count = roll < 0.4 ? 1 : roll < 0.75 ? 2 : 3;
    const start = Math.floor(random() * 3);
    const offboarded = count > 1 && random() < 0.05 ? Math.floor(random() * count) : -1;
    for (let k = 0; k < count && made < target; k++) {
      const v = (start + k) % 3;
      const vendor = VENDORS[v];
      const vendorId = String(++nextId[v] + (v === 0 ? 50000 : v === 1 ? 9000 : 0));
      const style = random();
      let accountEmail: string | null = email;
      let accountPhone: string | null = k === 0 || random() < 0.6 ? phone : null;
      let accountExt: string | null = vendor === 'desk' ? null : externalId;
      if (style < 0.1)
        accountEmail = phone !== null ? null : email; // phone-only link
      else if (style < 0.15) accountEmail = externalId !== null && vendor !== 'desk' ? null : email;
      else if (style < 0.3) accountEmail = flat(` P${person}@Example.COM`);
      else if (style < 0.32) [accountEmail, accountPhone, accountExt] = [null, null, null];
      if (vendor === 'desk' && random() < 0.005)
        accountEmail = flat(`team${Math.floor(random() * 50)}@example.com`);
      made++;
      yield {
        id: flat(`${vendor}:${vendorId}`),
        connection: vendor,
        vendor,
        vendorId,
        email: accountEmail,
        phone: accountPhone,
        externalId: accountExt,
        displayName: random() < 0.03 ? flat(`${first}  ${lastName.toUpperCase()}`) : displayName,
        status: k === offboarded ? (random() < 0.5 ? 'deleted' : 'inactive') : 'active',
        role: random() < 0.03 ? 'admin' : 'member',
        vendorRole: null,
      };
    }
  }
}

function generate(perVendor: number): ReconcileUser[] {
  return [...people(perVendor)];
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Child side: one size, one engine, one measurement, sent to the parent. */
function measure(perVendor: number, engine: Engine): Measurement {
  // Warm the JIT on a small run so the measurement is the engine, not compilation.
  reconcile({ users: generate(1000), vendorsRead: [...VENDORS], vendorsFailed: [] });
  // The whole engine is handed an array; the streamed one, as the stored
  // reconciliation does, an AccountTable filled user by user, no array held.
  const users = engine === 'whole' ? generate(perVendor) : [];
  gc();
  const rssBefore = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const hash = createHash('sha256');
  let conflicts = 0;
  let totals: { users: number; identities: number };
  let ms: number;
  if (engine === 'whole') {
    const result = reconcile({ users, vendorsRead: [...VENDORS], vendorsFailed: [] });
    ms = Number(process.hrtime.bigint() - started) / 1e6;
    totals = result.totals;
    for (const identity of result.identities) {
      conflicts += identity.conflicts.length;
      hash.update(JSON.stringify(identity)).update('\n');
    }
  } else {
    // As the stored reconciliation consumes it: 500 identities at a time, then dropped.
    const table = new AccountTable();
    for (const user of people(perVendor)) table.add(user);
    const result = reconcileStream({
      users: table,
      vendorsRead: [...VENDORS],
      vendorsFailed: [],
    });
    const counter = new SummaryCounter(result.vendorsRead);
    let batch: Identity[] = [];
    const flush = () => {
      for (const identity of batch) hash.update(JSON.stringify(identity)).update('\n');
      batch = [];
    };
    for (const identity of result.identities) {
      counter.add(identity);
      conflicts += identity.conflicts.length;
      batch.push(identity);
      if (batch.length === 500) flush();
    }
    flush();
    ms = Number(process.hrtime.bigint() - started) / 1e6;
    totals = result.totals;
  }
  const cpu = process.cpuUsage(cpuStarted);
  const rssAfter = process.memoryUsage().rss;
  return {
    perVendor,
    engine,
    digest: hash.digest('hex').slice(0, 12),
    users: totals.users,
    identities: totals.identities,
    conflicts,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssBeforeMb: mb(rssBefore),
    rssAfterMb: mb(rssAfter),
    peakMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
  };
}

const LIBRARY = join(__dirname, '..', 'libs', 'reconciliation', 'src');
const LIBRARY_ALIAS = '@userbridge/reconciliation';

/**
 * Transpiles the library and this file to CommonJS in a temporary folder,
 * with the path alias pointed at the transpiled library. Types are erased,
 * so the library's type-only imports of @userbridge/canonical disappear.
 */
function transpileForChildren(): { dir: string; entry: string } {
  // Loaded lazily: only the parent needs the compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-bench-'));
  mkdirSync(join(dir, 'lib'));
  const compile = (source: string): string =>
    ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
  for (const file of readdirSync(LIBRARY)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    const output = compile(readFileSync(join(LIBRARY, file), 'utf8'));
    if (output.includes('require("@userbridge/')) {
      throw new Error(
        `${file} needs another @userbridge library at run time; the bench cannot load it`,
      );
    }
    writeFileSync(join(dir, 'lib', file.replace(/\.ts$/, '.js')), output);
  }
  const entry = join(dir, 'reconcile.bench.js');
  const bench = compile(readFileSync(__filename, 'utf8'))
    .split(`"${LIBRARY_ALIAS}"`)
    .join('"./lib/index"');
  writeFileSync(entry, bench);
  return { dir, entry };
}

function runChild(
  perVendor: number,
  engine: Engine,
  entry: string,
  execArgv: string[],
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(entry, ['--child', String(perVendor), engine], {
      stdio: 'inherit',
      execArgv,
      // The transpiled children live outside the repository: the library's
      // packages (the confusables table) resolve from its node_modules.
      env: { ...process.env, NODE_PATH: join(__dirname, '..', 'node_modules') },
    });
    child.once('message', (message) => resolve(message as Measurement));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench child for ${perVendor} exited with ${code}`));
    });
  });
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}

async function main(): Promise<void> {
  const rows: Measurement[] = [];
  if (process.env.BENCH_TS_NODE === '1') {
    for (const size of SIZES)
      for (const engine of ENGINES)
        rows.push(await runChild(size, engine, __filename, process.execArgv));
  } else {
    const { dir, entry } = transpileForChildren();
    try {
      for (const size of SIZES)
        for (const engine of ENGINES)
          rows.push(await runChild(size, engine, entry, ['--expose-gc', ...NODE_FLAGS]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `children: ${process.env.BENCH_TS_NODE === '1' ? 'ts-node' : 'transpiled JavaScript'}`,
  );
  const header = [
    'size',
    'engine',
    'users',
    'identities',
    'conflicts',
    'time ms',
    'cpu ms',
    'rss before MB',
    'peak RSS MB',
    'peak-before MB',
    'ms/1k users',
    'digest',
  ];
  const widths = header.map((h) => Math.max(h.length, 10));
  console.log(header.map((h, i) => pad(h, widths[i])).join('  '));
  for (const row of rows) {
    const cells = [
      `3x${row.perVendor}`,
      row.engine,
      row.users,
      row.identities,
      row.conflicts,
      row.ms,
      row.cpuMs,
      row.rssBeforeMb,
      row.peakMb,
      (row.peakMb - row.rssBeforeMb).toFixed(1),
      (row.ms / (row.users / 1000)).toFixed(2),
      row.digest,
    ];
    console.log(cells.map((c, i) => pad(c, widths[i])).join('  '));
  }
  for (const size of SIZES) {
    const digests = new Set(rows.filter((row) => row.perVendor === size).map((r) => r.digest));
    if (digests.size > 1) {
      console.log(`3x${size}: the engines DIFFER (digests ${[...digests].join(', ')})`);
      process.exitCode = 1;
    } else if (ENGINES.length > 1) console.log(`3x${size}: both engines give identical identities`);
  }
  // The stored reconciliation runs the streamed engine: the target is its peak.
  const big =
    rows.find((row) => row.perVendor === 100_000 && row.engine === 'stream') ??
    rows.find((row) => row.perVendor === 100_000);
  if (big === undefined) {
    console.log('3x100000 not measured: no verdict');
    return;
  }
  const meets = big.ms < TARGET_MS && big.peakMb < TARGET_MB;
  console.log(
    `3x100000 (${big.engine}): ${big.ms} ms (target < ${TARGET_MS}), peak RSS ${big.peakMb} MB (target < ${TARGET_MB}): ` +
      (meets ? 'MEETS the target' : 'MISSES the target'),
  );
  if (!meets) process.exitCode = 1;
}

if (process.argv[2] === '--child') {
  const measurement = measure(Number(process.argv[3]), process.argv[4] as Engine);
  process.send?.(measurement, () => process.exit(0));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
