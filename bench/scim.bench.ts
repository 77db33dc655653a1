/**
 * `npm run bench:scim`: what an IdP's SCIM reads cost the directory, without
 * HTTP. One connection of BENCH_USERS users (a tenth without a username, whose
 * SCIM userName is their email) is synced into a PostgreSQL server started here
 * (stopped by pid) or PGlite (BENCH_ENGINE=pglite); then each scenario runs
 * for BENCH_SECONDS with BENCH_CONCURRENCY callers in this process, against a
 * floor measured in the same run: the plain store list page of 100
 * (`users.list`, the REST API's `?source=store`). Prints req/s, p50 and p99.
 * Entra expects at least 25 requests a second per tenant.
 *
 *   BENCH_USERS=100000  BENCH_SECONDS=5  BENCH_CONCURRENCY=8
 *   BENCH_ENGINE=postgres|pglite
 */
import type { CanonicalUser } from '@userbridge/canonical';
import { Directory, openDirectory, SyncRun } from '@userbridge/directory';
import { startPostgres } from '@userbridge/directory/testing';
import { parseFilter } from '@userbridge/scim';
import { randomUUID } from 'node:crypto';
import { GeneratedAdapter } from './support/generated-adapter';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ENGINE = process.env.BENCH_ENGINE ?? 'postgres';
const CONNECTION = 'desk-scim';

function userAt(i: number): Omit<CanonicalUser, 'vendorData'> {
  return {
    id: `${CONNECTION}:${i}`,
    connection: CONNECTION,
    vendor: 'desk',
    vendorId: String(i),
    email: `person${i}@example.com`,
    username: i % 10 === 3 ? null : `Person${i}`,
    firstName: 'Person',
    lastName: `Number${i}`,
    displayName: `Person Number${i}`,
    phone: null,
    role: 'member',
    vendorRole: 'Agent',
    status: i % 50 === 7 ? 'inactive' : 'active',
    timezone: 'America/New_York',
    language: 'en-US',
    groups: [],
    externalId: null,
    permissions: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: null,
  };
}

const pick = () => Math.floor(Math.random() * USERS);

interface Result {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** CONCURRENCY loops calling `work` until SECONDS are up; latencies of every call. */
async function measure(label: string, work: () => Promise<unknown>): Promise<Result> {
  for (let i = 0; i < 20; i++) await work(); // warm the plan cache and the buffers
  const times: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        await work();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))];
  return {
    label,
    requests: times.length,
    perSecond: times.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
  };
}

async function main(): Promise<void> {
  const server = ENGINE === 'postgres' ? await startPostgres() : null;
  let directory: Directory | undefined;
  try {
    const databaseUrl = server ? await server.createDatabase('bench') : undefined;
    directory = await openDirectory({ databaseUrl });
    const d = directory;
    let started = Date.now();
    const run = (await (
      await d.sync.start(
        new GeneratedAdapter({
          name: CONNECTION,
          vendor: 'desk',
          users: USERS,
          maxPageSize: 10_000,
          userAt,
        }),
      )
    ).done) as SyncRun;
    console.log(
      `synced ${run.counts.created} users into ${CONNECTION} (${ENGINE}) in ${Date.now() - started} ms: ${run.outcome}`,
    );

    const check = await d.scim.listUsers({
      connection: CONNECTION,
      filter: parseFilter('userName eq "PERSON42"'),
      startIndex: 1,
      count: 100,
    });
    if (check.totalResults !== 1 || check.users[0].user.vendorId !== '42')
      throw new Error(`userName eq "PERSON42" found ${check.totalResults} users`);

    started = Date.now();
    const scim = (filter: string | null, startIndex = 1, count = 100) =>
      d.scim.listUsers({
        connection: CONNECTION,
        filter: filter === null ? null : parseFilter(filter),
        startIndex,
        count,
      });
    const results: Result[] = [];
    results.push(
      await measure('floor: store list page of 100 (users.list)', () =>
        d.users.list({ connections: [CONNECTION], limit: 100 }),
      ),
    );
    results.push(
      await measure('userName eq "<existing, any case>"', () =>
        scim(`userName eq "PERSON${pick()}"`),
      ),
    );
    results.push(
      await measure('userName eq "<random GUID>" (Entra\'s Test Connection)', () =>
        scim(`userName eq "${randomUUID()}"`),
      ),
    );
    results.push(
      await measure('externalId eq "<random GUID>"', () => scim(`externalId eq "${randomUUID()}"`)),
    );
    results.push(
      await measure('emails[type eq "work"].value eq "<existing>"', () =>
        scim(`emails[type eq "work"].value eq "person${pick()}@example.com"`),
      ),
    );
    results.push(await measure('list page of 100, startIndex 1', () => scim(null)));
    results.push(
      await measure('list page of 100, random startIndex', () => scim(null, 1 + pick(), 100)),
    );
    results.push(await measure('count=0 (totalResults only)', () => scim(null, 1, 0)));

    const floor = results[0].perSecond;
    console.log(
      `\nSCIM reads, ${ENGINE}, ${USERS} users in one connection, ${CONCURRENCY} callers, ${SECONDS} s each`,
    );
    console.log(
      `${'scenario'.padEnd(56)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'÷ floor'.padStart(8)}`,
    );
    for (const r of results)
      console.log(
        `${r.label.padEnd(56)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${(r.perSecond / floor).toFixed(2).padStart(8)}`,
      );
    const slowest = Math.min(...results.map((r) => r.perSecond));
    console.log(
      `\nslowest scenario ${slowest.toFixed(0)} req/s (Entra's expectation: >= 25 per tenant)`,
    );
  } finally {
    await directory?.close();
    await server?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
