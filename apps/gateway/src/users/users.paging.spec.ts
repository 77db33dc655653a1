import { CanonicalRole, UserStatus } from '@userbridge/canonical';
import {
  ListQuery,
  VendorAdapter,
  VendorRegistry,
  VendorUserRecord,
  withOffsetPages,
} from '@userbridge/vendor-core';
import fc from 'fast-check';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { UsersService } from './users.service';

const STATUSES: UserStatus[] = ['active', 'inactive'];
const ROLES: CanonicalRole[] = ['admin', 'member'];

interface Person {
  status: UserStatus;
  role: CanonicalRole;
  email: string;
}

/**
 * A vendor serving `people` the way the port describes: pages cut from one
 * stream, optionally filtering on its side, `nextOffset` null at the end.
 */
function vendor(name: string, people: Person[], pushesDown: boolean): VendorAdapter {
  const records: VendorUserRecord[] = people.map((person, i) => ({
    user: {
      id: `${name}:${i}`,
      connection: name,
      vendor: name,
      vendorId: String(i),
      email: person.email,
      status: person.status,
      role: person.role,
    } as VendorUserRecord['user'],
    vendorData: {},
  }));
  return withOffsetPages<Omit<VendorAdapter, 'pages'>>({
    name,
    vendor: name,
    displayName: name,
    capabilities: ['get', 'list'],
    idFormat: 'digits',
    isValidId: () => true,
    get: () => Promise.reject(new Error('unused')),
    probe: () => Promise.resolve(),
    list: async ({ offset, limit, filters }: ListQuery) => {
      const stream = pushesDown
        ? records.filter(
            ({ user }) =>
              (filters.status === undefined || user.status === filters.status) &&
              (filters.role === undefined || user.role === filters.role),
          )
        : records;
      const page = stream.slice(offset, offset + limit);
      const end = offset + page.length;
      return { users: page, rejected: [], nextOffset: end < stream.length ? end : null };
    },
  });
}

function query(limit: number, filters: Partial<Person>, cursor?: string): ListUsersQueryDto {
  return Object.assign(new ListUsersQueryDto(), { limit, cursor, ...filters });
}

const person = fc.record({
  status: fc.constantFrom(...STATUSES),
  role: fc.constantFrom(...ROLES),
  email: fc.constantFrom('a@x.example', 'b@x.example', 'c@x.example'),
});

describe('GET /v1/users paging (property)', () => {
  it('walking the cursor returns every matching user of every vendor exactly once, for every limit 1..200', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(person, { maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.record(
          {
            status: fc.constantFrom(...STATUSES),
            role: fc.constantFrom(...ROLES),
            email: fc.constantFrom('a@x.example', 'b@x.example'),
          },
          { requiredKeys: [] },
        ),
        async (populations, pushDown, filters) => {
          const adapters = populations.map((people, i) => vendor(`v${i}`, people, pushDown[i]));
          const service = new UsersService(new VendorRegistry(adapters));
          const expected = adapters
            .flatMap((adapter, i) =>
              populations[i].map((p, j) => ({ ...p, id: `${adapter.name}:${j}` })),
            )
            .filter(
              (p) =>
                (filters.status === undefined || p.status === filters.status) &&
                (filters.role === undefined || p.role === filters.role) &&
                (filters.email === undefined || p.email === filters.email),
            )
            .map((p) => p.id)
            .sort();
          for (let limit = 1; limit <= 200; limit++) {
            const seen: string[] = [];
            let cursor: string | undefined;
            for (let pages = 0; pages <= expected.length + 2 * adapters.length + 1; pages++) {
              const page = await service.list(query(limit, filters, cursor));
              expect(page.errors).toEqual([]);
              expect(page.data.length).toBeLessThanOrEqual(limit);
              seen.push(...page.data.map((u) => u.id));
              if (page.nextCursor === null) break;
              cursor = page.nextCursor;
            }
            expect([...seen].sort()).toEqual(expected);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps a vendor given no share of a page in the cursor (limit 1 over three vendors)', async () => {
    const one = [{ status: 'active', role: 'member', email: 'a@x.example' }] as Person[];
    const service = new UsersService(
      new VendorRegistry(['a', 'b', 'c'].map((name) => vendor(name, one, false))),
    );
    const first = await service.list(query(1, {}));
    expect(first.data.map((u) => u.id)).toEqual(['a:0']);
    expect(first.nextCursor).not.toBeNull();
    const second = await service.list(query(1, {}, first.nextCursor ?? undefined));
    expect(second.data.map((u) => u.id)).toEqual(['b:0']);
  });
});
