import type { StoredCanonicalUser, StoredUser } from '@userbridge/directory';
import { SCIM_PATCH_OP, ScimError } from '@userbridge/scim';
import type { VendorAdapter, VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import type { GatewayConfig } from '../config/gateway-config';
import { StoreUsersReader } from '../users/store-users.reader';
import { UsersReader } from '../users/users.reader';
import { UsersService } from '../users/users.service';
import type { UserWritePipeline } from '../write-path/user-write.pipeline';
import type { ScimFirstSync } from './scim-first-sync.service';
import { ScimRequestContext, ScimUsersService } from './scim-users.service';

/**
 * The desk's emulated PATCH (no PATCH and no ETag at the vendor): the account
 * is read again just before the write; one change in between is absorbed by
 * applying the operations again, a second is a 412, and nothing is written.
 */
const user = (over: Partial<StoredCanonicalUser> = {}): StoredCanonicalUser => ({
  id: 'desk:7',
  connection: 'desk',
  vendor: 'desk',
  vendorId: '7',
  email: 'ann@example.com',
  username: 'ann',
  firstName: 'Ann',
  lastName: 'Lee',
  displayName: 'Ann Lee',
  phone: null,
  role: 'member',
  vendorRole: 'Agent',
  status: 'active',
  timezone: null,
  language: 'en-US',
  groups: [],
  externalId: null,
  permissions: [],
  createdAt: null,
  updatedAt: null,
  lastLoginAt: null,
  ...over,
});

function service(reads: StoredCanonicalUser[]) {
  const queue = [...reads];
  const adapter = {
    name: 'desk',
    vendor: 'desk',
    capabilities: ['get', 'list', 'create', 'replace'],
    writeRules: {
      create: {
        required: ['username', 'password', 'email'],
        refused: { phone: 'no', timezone: 'no', externalId: 'no', displayName: 'no' },
        example: {},
      },
    },
    isValidId: () => true,
    get: jest.fn(async () => ({ user: queue.length > 1 ? queue.shift() : queue[0] })),
  } as unknown as VendorAdapter;
  const written: unknown[] = [];
  const pipeline = {
    replace: jest.fn(async (_id: string, body: Record<string, unknown>) => {
      written.push(body);
      return { user: { ...user(), ...body }, ignored: [] };
    }),
  } as unknown as UserWritePipeline;
  const stored: StoredUser = {
    user: user(),
    fingerprint: 'f',
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    changedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    lastSyncRunId: 1,
    tombstonedAt: null,
  };
  const directory = { users: { get: async () => stored } };
  const config = {
    scim: { connections: {}, defaultCount: 10, maxCount: 10, firstSyncWaitMs: 0 },
  } as unknown as GatewayConfig;
  const registry = { get: () => adapter, has: () => true } as unknown as VendorRegistry;
  const live = new UsersService(registry);
  const scim = new ScimUsersService(
    registry,
    pipeline,
    { ensure: async () => undefined } as unknown as ScimFirstSync,
    new UsersReader(registry, live, new StoreUsersReader(directory as never, live)),
    directory as never,
    config,
  );
  return { scim, written, adapter };
}

const context: ScimRequestContext = {
  connection: 'desk',
  origin: 'http://gw',
  write: { channel: 'scim', context: { reqId: 'r' }, actor: 'idp', visibility: Visibility.ALL },
};
const rename = {
  schemas: [SCIM_PATCH_OP],
  Operations: [{ op: 'replace', path: 'name.givenName', value: 'Anna' }],
};

describe('ScimUsersService.patch at a vendor without PATCH', () => {
  it('writes at once when the account did not change between the two reads', async () => {
    const { scim, written } = service([user()]);
    const answer = await scim.patch(context, '7', rename, undefined);
    expect(answer).toMatchObject({ name: { givenName: 'Anna' } });
    expect(written).toEqual([expect.objectContaining({ firstName: 'Anna', lastName: 'Lee' })]);
  });

  it('applies the operations again to an account that changed once, keeping the other change', async () => {
    const { scim, written } = service([
      user(),
      user({ lastName: 'Lee-Park' }),
      user({ lastName: 'Lee-Park' }),
    ]);
    await scim.patch(context, '7', rename, undefined);
    expect(written).toEqual([expect.objectContaining({ firstName: 'Anna', lastName: 'Lee-Park' })]);
  });

  it('refuses with 412 and writes nothing when it changed again', async () => {
    const { scim, written } = service([
      user(),
      user({ lastName: 'One' }),
      user({ lastName: 'Two' }),
    ]);
    const refused = await scim.patch(context, '7', rename, undefined).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScimError);
    expect((refused as ScimError).status).toBe(412);
    expect(written).toEqual([]);
  });

  it('refuses a stale If-Match with 412 before reading further', async () => {
    const { scim, written } = service([user()]);
    const refused = await scim.patch(context, '7', rename, 'W/"stale"').catch((e: unknown) => e);
    expect((refused as ScimError).status).toBe(412);
    expect(written).toEqual([]);
  });
});
