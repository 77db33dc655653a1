import { Directory, StoreUnavailableError, StoredCanonicalUser } from '@userbridge/directory';
import {
  canonicalUser,
  markerExists,
  openMemoryDirectory,
  seenInTransaction,
  writeMarker,
} from '@userbridge/directory/testing';
import {
  CallContext,
  ListPage,
  offsetPages,
  PageReadOptions,
  StreamedPage,
  UserWriteInput,
  VendorAdapter,
  VendorRegistry,
  VendorRejectedError,
  VendorTimeoutError,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import { UsersService } from '../users/users.service';
import { UserWritePipeline } from './user-write.pipeline';
import { CommittedWrite, UserWrite, UserWriteHook, WriteOrigin } from './write-hooks';

const VENDOR = 'hooked';

/** An in-process vendor that records each call into the shared event log. */
class RecordingAdapter implements VendorAdapter {
  readonly name = VENDOR;
  readonly vendor = VENDOR;
  readonly displayName = 'Hooked';
  readonly capabilities = ['get', 'list', 'create', 'patch', 'delete'] as const;
  readonly idFormat = 'digits';
  fail: Error | null = null;
  readFirst: Partial<StoredCanonicalUser> | null = null;
  private next = 1;

  constructor(private readonly events: string[]) {}

  isValidId(id: string): boolean {
    return /^\d+$/.test(id);
  }
  async get(): Promise<never> {
    throw new Error('not used');
  }
  async list(): Promise<ListPage> {
    return { users: [], rejected: [], nextOffset: null };
  }
  pages(options?: PageReadOptions): AsyncIterable<StreamedPage> {
    return offsetPages(this.name, () => this.list(), 100, options);
  }
  async probe(): Promise<void> {}

  async create(input: UserWriteInput): Promise<VendorUserRecord> {
    return this.answer('create', String(this.next++), input);
  }
  /** Reads before writing, as read-merge-write adapters do, and says what it read. */
  async patch(
    vendorId: string,
    input: UserWriteInput,
    context?: CallContext,
  ): Promise<VendorUserRecord> {
    if (this.readFirst) context?.currentRead?.(canonicalUser(VENDOR, vendorId, this.readFirst));
    return this.answer('patch', vendorId, input);
  }
  async delete(vendorId: string): Promise<void> {
    this.events.push(`vendor.delete ${vendorId}`);
    if (this.fail) throw this.fail;
  }

  private answer(call: string, vendorId: string, input: UserWriteInput): VendorUserRecord {
    this.events.push(`vendor.${call} ${vendorId}`);
    if (this.fail) throw this.fail;
    const { firstName, email, status } = input;
    return {
      user: canonicalUser(VENDOR, vendorId, {
        ...(firstName !== undefined ? { firstName } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(status !== undefined ? { status } : {}),
      }),
      vendorData: { secret: 'never stored' },
    };
  }
}

describe('UserWritePipeline', () => {
  let directory: Directory;
  let pipeline: UserWritePipeline;
  let adapter: RecordingAdapter;
  let events: string[];
  let removeHooks: (() => void)[];
  const origin: WriteOrigin = {
    channel: 'rest',
    context: { reqId: 'req-1' },
    actor: 'hr-portal',
    visibility: Visibility.ALL,
  };

  beforeAll(async () => {
    directory = await openMemoryDirectory();
  }, 180_000);
  afterAll(() => directory.close());

  beforeEach(() => {
    events = [];
    removeHooks = [];
    adapter = new RecordingAdapter(events);
    const registry = new VendorRegistry([adapter]);
    pipeline = new UserWritePipeline(registry, new UsersService(registry), directory);
  });
  afterEach(() => removeHooks.forEach((remove) => remove()));

  const use = (hook: UserWriteHook) => removeHooks.push(pipeline.register(hook));

  /** A hook that logs every point it is called at, and what the transaction sees at its own. */
  function recorder(name: string): { hook: UserWriteHook; committed: CommittedWrite[] } {
    const committed: CommittedWrite[] = [];
    return {
      committed,
      hook: {
        name,
        beforeVendorCall: async (write: UserWrite) => {
          events.push(`${name}.before ${write.action} ${write.target ?? '(new)'}`);
        },
        inTransaction: async (write, tx) => {
          const seen = await seenInTransaction(tx, write.target);
          events.push(
            `${name}.inTransaction ${write.target} change=${write.change?.kind ?? 'none'} row=${seen.user} changes=${seen.changes}`,
          );
          await writeMarker(tx, `${name} ${write.attempt}`);
        },
        afterCommit: async (write) => {
          committed.push(write);
          events.push(`${name}.afterCommit ${write.target}`);
        },
        afterVendorFailure: async (write, error, outcome) => {
          events.push(`${name}.afterVendorFailure ${write.action} ${outcome}`);
        },
      },
    };
  }

  it('runs the hooks in order around the vendor call, inside the write-through transaction', async () => {
    const first = recorder('audit');
    const second = recorder('outbox');
    use(first.hook);
    use(second.hook);

    const result = await pipeline.create({ vendor: VENDOR }, { email: 'ada@example.com' }, origin);

    expect(result).toMatchObject({ status: 201, replayed: false, body: { id: `${VENDOR}:1` } });
    expect(result.body).not.toHaveProperty('vendorData');
    expect(events).toEqual([
      'audit.before create (new)',
      'outbox.before create (new)',
      `vendor.create 1`,
      `audit.inTransaction ${VENDOR}:1 change=created row=true changes=1`,
      `outbox.inTransaction ${VENDOR}:1 change=created row=true changes=1`,
      `audit.afterCommit ${VENDOR}:1`,
      `outbox.afterCommit ${VENDOR}:1`,
    ]);
    const [committed] = first.committed;
    expect(committed).toMatchObject({
      action: 'create',
      vendor: VENDOR,
      target: `${VENDOR}:1`,
      origin,
      user: { id: `${VENDOR}:1`, email: 'ada@example.com' },
      change: { kind: 'created', source: 'write', userId: `${VENDOR}:1` },
    });
    expect(committed.user).not.toHaveProperty('vendorData');
    expect(await markerExists(directory, `audit ${committed.attempt}`)).toBe(true);
    expect(await markerExists(directory, `outbox ${committed.attempt}`)).toBe(true);
    expect((await directory.users.get(`${VENDOR}:1`))?.user.email).toBe('ada@example.com');
  });

  it('lets beforeVendorCall refuse a write: no vendor call, no write-through, the key released', async () => {
    use({
      name: 'audit',
      beforeVendorCall: async () => {
        events.push('audit.before');
        throw new StoreUnavailableError('the audit intent could not be written');
      },
    });
    const refused = pipeline.create({ vendor: VENDOR }, { email: 'refused@example.com' }, origin, {
      key: 'refused-once',
      scope: 'caller',
    });
    await expect(refused).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(events).toEqual(['audit.before']);
    const feed = await directory.changes.list({ after: 0, limit: 1000 });
    expect(feed.changes.map((change) => change.fields.email?.after)).not.toContain(
      'refused@example.com',
    );

    // The key was released: the same request goes through once the hook lets it.
    removeHooks.pop()?.();
    const retried = await pipeline.create(
      { vendor: VENDOR },
      { email: 'refused@example.com' },
      origin,
      {
        key: 'refused-once',
        scope: 'caller',
      },
    );
    expect(retried).toMatchObject({ status: 201, replayed: false });
  });

  it('rolls a hook’s transactional writes back with the write-through when one throws, and still answers', async () => {
    const audit = recorder('audit');
    use(audit.hook);
    use({
      name: 'failing',
      inTransaction: async () => {
        events.push('failing.inTransaction');
        throw new Error('cannot write the outcome row');
      },
    });

    const { user } = await pipeline.patch(`${VENDOR}:77`, { firstName: 'Grace' }, origin);

    expect(user).toMatchObject({ id: `${VENDOR}:77`, firstName: 'Grace' });
    expect(events).toEqual([
      `audit.before patch ${VENDOR}:77`,
      'vendor.patch 77',
      `audit.inTransaction ${VENDOR}:77 change=created row=true changes=1`,
      'failing.inTransaction',
    ]);
    expect(audit.committed).toEqual([]);
    // The marker the first hook wrote went with the write-through and its change entry.
    expect(await directory.users.get(`${VENDOR}:77`)).toBeNull();
    const feed = await directory.changes.list({ after: 0, limit: 1000 });
    expect(feed.changes.filter((change) => change.userId === `${VENDOR}:77`)).toEqual([]);
  });

  it('reports a vendor failure to afterVendorFailure, as unknown when it may have landed', async () => {
    use(recorder('audit').hook);
    adapter.fail = new VendorTimeoutError(VENDOR, 5000);
    const timedOut = await pipeline
      .patch(`${VENDOR}:5`, { firstName: 'X' }, origin)
      .catch((error: unknown) => error);
    expect(timedOut).toMatchObject({ code: 'vendor_timeout', details: { outcome: 'unknown' } });
    // Marked once, not once per step that saw it.
    expect((timedOut as Error).message.match(/may or may not/g)).toHaveLength(1);

    adapter.fail = new VendorRejectedError(VENDOR, 'email taken');
    await expect(pipeline.delete(`${VENDOR}:5`, { confirm: true }, origin)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(events).toEqual([
      `audit.before patch ${VENDOR}:5`,
      'vendor.patch 5',
      'audit.afterVendorFailure patch unknown',
      `audit.before delete ${VENDOR}:5`,
      'vendor.delete 5',
      'audit.afterVendorFailure delete failed',
    ]);
  });

  it('runs a delete through the same points, with the deleted change in the transaction', async () => {
    await directory.users.recordWrite(canonicalUser(VENDOR, '9'));
    const audit = recorder('audit');
    use(audit.hook);

    await pipeline.delete(`${VENDOR}:9`, { confirm: true }, origin);

    expect(events).toEqual([
      `audit.before delete ${VENDOR}:9`,
      'vendor.delete 9',
      `audit.inTransaction ${VENDOR}:9 change=deleted row=true changes=2`,
      `audit.afterCommit ${VENDOR}:9`,
    ]);
    expect(audit.committed[0]).toMatchObject({ action: 'delete', user: null });
    expect((await directory.users.get(`${VENDOR}:9`))?.deletedAt).not.toBeNull();
  });

  it('answers a replayed Idempotency-Key without a vendor call and without hooks', async () => {
    const request = { key: 'replay-me', scope: 'caller' };
    const first = await pipeline.create(
      { vendor: VENDOR },
      { email: 'once@example.com' },
      origin,
      request,
    );
    use(recorder('audit').hook);
    const again = await pipeline.create(
      { vendor: VENDOR },
      { email: 'once@example.com' },
      origin,
      request,
    );
    expect(again).toEqual({ ...first, replayed: true });
    expect(events).toEqual([`vendor.create ${first.body.vendorId}`]);
  });

  it('gives hooks the user as known before the write: the stored copy, then the adapter’s own read', async () => {
    await directory.users.recordWrite(canonicalUser(VENDOR, '31', { firstName: 'Stored' }));
    const seen: string[] = [];
    use({
      name: 'before',
      beforeVendorCall: async (write) => {
        seen.push(`before ${write.beforeSource} ${write.before?.firstName}`);
      },
      inTransaction: async (write) => {
        seen.push(`inTransaction ${write.beforeSource} ${write.before?.firstName}`);
      },
    });
    await pipeline.patch(`${VENDOR}:31`, { firstName: 'New' }, origin);
    adapter.readFirst = { firstName: 'AtVendor' };
    await pipeline.patch(`${VENDOR}:31`, { firstName: 'Newer' }, origin);
    await pipeline.create({ vendor: VENDOR }, { email: 'fresh@example.com' }, origin);
    expect(seen).toEqual([
      'before directory Stored',
      'inTransaction directory Stored',
      'before directory New',
      'inTransaction vendor AtVendor',
      'before none undefined',
      'inTransaction none undefined',
    ]);
  });

  it('checks the id and the capability before any hook', async () => {
    use(recorder('audit').hook);
    await expect(
      pipeline.patch(`${VENDOR}:not-digits`, { firstName: 'X' }, origin),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(pipeline.replace(`${VENDOR}:1`, { firstName: 'X' }, origin)).rejects.toMatchObject(
      { code: 'operation_not_supported' },
    );
    expect(events).toEqual([]);
  });
});
