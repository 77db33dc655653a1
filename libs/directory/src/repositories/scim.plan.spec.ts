import { parseFilter } from '@userbridge/scim';
import { Client } from 'pg';
import { closeEngine, EngineHandle, openEngine } from '../testing/engines';
import { compilingDb as compiler } from '../testing/sql-snapshot';
import {
  scimCountUsersQuery,
  scimFindByUserNameQuery,
  scimListUsersQuery,
} from './scim.repository';

/**
 * An IdP's lookups must stay index searches with a connection of many users:
 * on 50 000 analysed rows (one connection, a second one beside it), the plans
 * the server makes read migration 0009's indexes rather than walking the
 * connection's users in vendor-id order and filtering each.
 */
describe('the SCIM lookup plans [postgres]', () => {
  let handle: EngineHandle | undefined;
  let client: Client;

  beforeAll(async () => {
    handle = await openEngine('postgres');
    client = new Client({ connectionString: handle.databaseUrl as string });
    await client.connect();
    await client.query(`insert into vendor_users (id, connection, vendor, vendor_id, email,
        first_name, last_name, display_name, status, role, canonical, fingerprint,
        first_seen_at, last_seen_at, updated_at)
      select conn || ':' || n, conn, 'desk', n::text, 'user' || n || '@example.com',
        'First' || n, 'Last' || n, 'User ' || n, 'active', 'member',
        jsonb_build_object('username', 'user' || n, 'externalId', 'ext-' || n), 'f', now(), now(), now()
      from generate_series(1, 45000) as n, (values ('c')) as c(conn)
      union all
      select 'd:' || n, 'd', 'desk', n::text, null, null, null, null, 'active', 'member',
        jsonb_build_object('username', 'user' || n), 'f', now(), now(), now()
      from generate_series(1, 5000) as n`);
    await client.query('analyze vendor_users');
  }, 240_000);
  afterAll(async () => {
    await client?.end();
    await closeEngine(handle);
  });

  async function plan(compiled: { sql: string; parameters: readonly unknown[] }): Promise<string> {
    const result = await client.query(`explain ${compiled.sql}`, [...compiled.parameters]);
    return result.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
  }

  it.each<[string, string]>([
    ['userName eq "BJensen"', 'vendor_users_scim_user_name'],
    ['userName sw "user4242"', 'vendor_users_scim_user_name'],
    ['externalId eq "E-1"', 'vendor_users_scim_external_id'],
  ])('%s reads %s, for the page and for the total', async (filter, index) => {
    const ast = parseFilter(filter);
    expect(await plan(scimListUsersQuery(compiler, 'c', ast, 0, 100).compile())).toContain(index);
    expect(await plan(scimCountUsersQuery(compiler, 'c', ast).compile())).toContain(index);
  });

  it('finds by userName through the index', async () => {
    expect(await plan(scimFindByUserNameQuery(compiler, 'c', 'BJensen').compile())).toContain(
      'vendor_users_scim_user_name',
    );
  });
});
