/**
 * `npm run bench:directory`: the directory alone, without HTTP. Three
 * in-process adapters generate N users each page by page (deterministic;
 * nothing held beyond the page), synced in parallel into a real PostgreSQL
 * server (started here, stopped by pid) or PGlite (BENCH_ENGINE=pglite); then
 * reconciliation; then a second sync with 1% of users changed. Prints times,
 * counts and this process's peak RSS. The HTTP path is `npm run bench:sync`.
 *
 *   BENCH_USERS=100000   users per vendor
 *   BENCH_ENGINE=postgres|pglite
 */
import type { CanonicalUser } from '@userbridge/canonical';
import { Directory, openDirectory, SyncRun } from '@userbridge/directory';
import { startPostgres } from '@userbridge/directory/testing';
import { GeneratedAdapter } from './support/generated-adapter';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ENGINE = process.env.BENCH_ENGINE ?? 'postgres';
const VENDORS = [
  { name: 'convirza', page: 1000 },
  { name: 'desk', page: 10_000 },
  { name: 'credira', page: 100 },
];

/** Person i exists at every vendor with the same email; some are offboarded at one vendor only. */
function userAt(vendor: string, i: number, generation: number): Omit<CanonicalUser, 'vendorData'> {
  const changed = generation > 0 && i % 100 === 42;
  const inactive = (vendor === 'credira' && i % 50 === 7) !== (changed && i % 200 === 42);
  return {
    id: `${vendor}:${i}`,
    connection: vendor,
    vendor,
    vendorId: String(i),
    email: `person${i}@example.com`,
    username: `person${i}`,
    firstName: 'Person',
    lastName: `Number${i}`,
    displayName: `Person Number${i}`,
    phone: null,
    role: changed && i % 200 !== 42 ? 'admin' : 'member',
    vendorRole: 'Standard',
    status: inactive ? 'inactive' : 'active',
    timezone: 'America/New_York',
    language: 'en-US',
    groups: [{ id: String(i % 20), name: `Team ${i % 20}` }],
    externalId: `EXT-${i}`,
    permissions: ['calls:read'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: generation > 0 ? '2026-11-01T00:00:00.000Z' : null,
  };
}

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const mb = (bytes: number) => Math.round(bytes / 1048576);

async function syncAll(directory: Directory, adapters: GeneratedAdapter[]): Promise<SyncRun[]> {
  const starts = await Promise.all(adapters.map((adapter) => directory.sync.start(adapter)));
  return Promise.all(starts.map((start) => start.done as Promise<SyncRun>));
}

async function main(): Promise<void> {
  const server = ENGINE === 'postgres' ? await startPostgres() : null;
  try {
    const databaseUrl = server ? await server.createDatabase('bench') : undefined;
    const directory = await openDirectory({ databaseUrl });
    const adapters = VENDORS.map(
      (vendor) =>
        new GeneratedAdapter({
          name: vendor.name,
          users: USERS,
          maxPageSize: vendor.page,
          userAt: (i, generation) => userAt(vendor.name, i, generation),
        }),
    );
    const rows: [string, string][] = [];
    peak = process.memoryUsage().rss;
    let started = Date.now();
    const first = await syncAll(directory, adapters);
    const syncMs = Date.now() - started;
    rows.push([`first sync 3 x ${USERS} (parallel)`, `${syncMs} ms`]);
    for (const run of first)
      rows.push([
        `  ${run.vendor}`,
        `${run.outcome}, ${run.counts.pages} pages, ${run.counts.created} created`,
      ]);
    started = Date.now();
    const reconciliation = await directory.reconciliation.run(
      VENDORS.map((v) => ({ name: v.name, vendor: v.name })),
    );
    const reconcileMs = Date.now() - started;
    rows.push([
      'reconciliation',
      `${reconcileMs} ms, ${reconciliation.totals.identities} identities, ${reconciliation.totals.openConflicts} open conflicts`,
    ]);
    rows.push(['sync + reconciliation', `${syncMs + reconcileMs} ms (target < 60000)`]);
    const before = await directory.changes.latestSequence();
    for (const adapter of adapters) adapter.generation = 1;
    started = Date.now();
    const second = await syncAll(directory, adapters);
    rows.push([`second sync, 1% changed`, `${Date.now() - started} ms`]);
    const written = (await directory.changes.latestSequence()) - before;
    const expected = VENDORS.length * Math.ceil((USERS - 42) / 100);
    rows.push(['  changes written', `${written} (expected ${expected})`]);
    for (const run of second)
      rows.push([
        `  ${run.vendor}`,
        `updated ${run.counts.updated}, deactivated ${run.counts.deactivated}, reactivated ${run.counts.reactivated}`,
      ]);
    started = Date.now();
    let after: string | null = null;
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = process.hrtime.bigint();
      const page = await directory.users.list({ limit: 50, after });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      after = page.nextAfter;
    }
    const idTimes: number[] = [];
    let afterPos: number | null = null;
    for (let i = 0; i < 50; i++) {
      const t = process.hrtime.bigint();
      const page = await directory.reconciliation.listIdentities({ limit: 50, after: afterPos });
      idTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      afterPos = page?.nextAfter ?? null;
    }
    const p50 = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(1);
    rows.push(['users page of 50, p50', `${p50(times)} ms`]);
    rows.push(['identities page of 50, p50', `${p50(idTimes)} ms`]);
    rows.push([`peak RSS of this process (${ENGINE})`, `${mb(peak)} MB`]);
    await directory.close();
    console.log(`\ndirectory benchmark, engine ${ENGINE}, ${USERS} users per vendor`);
    for (const [label, value] of rows) console.log(`${label.padEnd(40)} ${value}`);
  } finally {
    clearInterval(sampler);
    await server?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
