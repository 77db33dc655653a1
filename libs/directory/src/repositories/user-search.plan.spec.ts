import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { Client } from 'pg';
import type { DB } from '../db/schema';
import { closeEngine, EngineHandle, openEngine } from '../testing/engines';
import { listUsersQuery } from './users.repository';

/** Compiles PostgreSQL without connecting: the plan is asked of the server itself. */
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * `q` must stay an index search at size: the plan the server makes for it, on
 * an empty table with sequential scans priced out (the planner's choice when
 * the table is large), reads the folded-name indexes, never filters every row
 * of the primary key.
 */
describe('the q search plan [postgres]', () => {
  let handle: EngineHandle | undefined;
  let client: Client;

  beforeAll(async () => {
    handle = await openEngine('postgres');
    client = new Client({ connectionString: handle.databaseUrl as string });
    await client.connect();
  }, 240_000);
  afterAll(async () => {
    await client?.end();
    await closeEngine(handle);
  });

  it('uses an index per searched column', async () => {
    const compiled = listUsersQuery(compiler, { limit: 50, q: 'Zoë' }).compile();
    await client.query('begin');
    try {
      await client.query('set local enable_seqscan = off');
      const plan = await client.query(`explain ${compiled.sql}`, [...compiled.parameters]);
      const text = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      for (const column of ['email', 'first_name', 'last_name', 'display_name'])
        expect(text).toContain(`vendor_users_folded_${column}`);
    } finally {
      await client.query('rollback');
    }
  });
});
