import { Client } from 'pg';
import { closeEngine, EngineHandle, openEngine } from '../testing/engines';
import { compilingDb as compiler } from '../testing/sql-snapshot';
import { listUsersQuery } from './users.repository';

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
