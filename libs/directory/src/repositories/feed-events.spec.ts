import { describeEachEngine } from '../testing/engines';
import { canonicalUser } from '../testing/fake-adapter';
import { appendOffboardingCompleted } from './change-feed';

describeEachEngine('feed events (offboarding_completed)', (handle) => {
  const directory = () => handle().directory;

  it('appends an offboarding_completed entry in the caller transaction, after the users it follows', async () => {
    const written = await directory().users.recordWrite(
      canonicalUser('desk', '7', { email: 'pat@example.com', status: 'inactive' }),
    );
    const sequence = await directory().transaction((tx) =>
      appendOffboardingCompleted(tx, {
        runId: 12,
        planId: 'pln_1',
        identityId: 'idn_abc',
        connections: ['desk', 'credira', 'desk'],
        details: { outcome: 'completed', steps: 2 },
      }),
    );
    expect(sequence).toBeGreaterThan(written!.sequence);

    const page = await directory().changes.list({
      after: 0,
      limit: 10,
      kinds: ['offboarding_completed'],
    });
    expect(page.changes).toEqual([
      {
        sequence,
        at: expect.any(String),
        kind: 'offboarding_completed',
        source: 'offboarding',
        identityId: 'idn_abc',
        userId: null,
        connection: null,
        vendor: null,
        vendorId: null,
        connections: ['credira', 'desk'],
        details: { outcome: 'completed', steps: 2, runId: 12, planId: 'pln_1' },
        fields: {},
        syncRunId: null,
      },
    ]);
    // Kinds filter both ways: the user's change is not an offboarding event.
    expect(
      (await directory().changes.list({ after: 0, limit: 10, kinds: ['updated', 'created'] }))
        .changes,
    ).toHaveLength(1);
  });

  it('rolls back with its transaction, and refuses an event that names no connection', async () => {
    const before = await directory().changes.latestSequence();
    await expect(
      directory().transaction(async (tx) => {
        await appendOffboardingCompleted(tx, { runId: 1, planId: 2, connections: ['desk'] });
        throw new Error('the run failed after all');
      }),
    ).rejects.toThrow('the run failed after all');
    await expect(
      directory().transaction((tx) =>
        appendOffboardingCompleted(tx, { runId: 1, planId: 2, connections: [] }),
      ),
    ).rejects.toThrow('at least one connection');
    expect(await directory().changes.latestSequence()).toBe(before);
  });
});
