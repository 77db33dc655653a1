import type { OffboardingPlanStep } from '../directory.port';
import { describeEachEngine } from '../testing/engines';

let plans = 0;
const planId = () => `obp_spec${++plans}`;
const HOUR = 3_600_000;

const step = (
  account: string,
  action: OffboardingPlanStep['action'],
  currentStatus: OffboardingPlanStep['currentStatus'] = 'active',
): Omit<OffboardingPlanStep, 'position'> => ({
  account,
  connection: account.split(':')[0],
  vendor: account.split(':')[0],
  currentStatus,
  action,
  reversible: action !== 'delete',
  reason: action === 'none' ? 'already inactive' : null,
});

describeEachEngine('KyselyOffboardingStore', (handle) => {
  const store = () => handle().directory.offboarding;

  it('keeps a ready plan with its steps in order, and starts its one run once', async () => {
    const id = planId();
    const plan = await store().createPlan({
      id,
      scope: { identity: 'idn_0123456789abcdef' },
      deleteConnections: ['b'],
      actor: 'ops',
      expiresAt: new Date(Date.now() + HOUR),
      ready: {
        hash: 'h1',
        steps: [step('a:1', 'deactivate'), step('b:2', 'delete'), step('c:3', 'none', 'inactive')],
      },
    });
    expect(plan).toMatchObject({ id, status: 'ready', hash: 'h1', stepCount: 3 });
    expect((await store().listPlanSteps(id, 1, 10)).map((s) => s.account)).toEqual(['b:2', 'c:3']);

    const first = await store().startRun(id, `${id}-run`, 'ops', 'process-a', 60_000);
    expect(first.started).toBe(true);
    expect(first.run).toMatchObject({
      planId: id,
      status: 'running',
      leaseOwner: 'process-a',
      counts: { pending: 2, skipped: 1 },
    });
    const second = await store().startRun(id, `${id}-other`, 'ops', 'process-b', 60_000);
    expect(second).toMatchObject({ started: false, run: { id: `${id}-run` } });

    // Deactivations and deletes are paged apart; a finished step leaves the open set.
    const open = await store().openRunSteps(first.run.id, 'deactivate', 0, 10);
    expect(open.map((s) => s.account)).toEqual(['a:1']);
    await store().markAttempt(first.run.id, open[0].position);
    await store().recordOutcome(first.run.id, open[0].position, 'succeeded', null);
    expect(await store().openRunSteps(first.run.id, 'deactivate', 0, 10)).toEqual([]);
    const [done] = await store().listRunSteps(first.run.id, 0, 1);
    expect(done).toMatchObject({ outcome: 'succeeded', attempts: 1, plannedStatus: 'active' });
    expect(done.finishedAt).not.toBeNull();
  });

  it('lets another owner take a run only once its lease expired or it was released', async () => {
    const id = planId();
    await store().createPlan({
      id,
      scope: { account: 'a:9' },
      deleteConnections: [],
      actor: null,
      expiresAt: new Date(Date.now() + HOUR),
      ready: { hash: 'h', steps: [step('a:9', 'deactivate')] },
    });
    const { run } = await store().startRun(id, `${id}-run`, null, 'process-a', 60_000);
    expect(await store().claimRun(run.id, 'process-b', 60_000)).toBeNull();
    expect(await store().claimRun(run.id, 'process-a', 60_000)).not.toBeNull();

    // A lease of 1 ms: expired by the next statement.
    expect(await store().renewRun(run.id, 'process-a', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const taken = await store().claimRun(run.id, 'process-b', 60_000);
    expect(taken).toMatchObject({ leaseOwner: 'process-b', status: 'running' });
    expect(await store().renewRun(run.id, 'process-a', 60_000)).toBe(false);

    await store().releaseRun(run.id, 'process-b', 'partial');
    expect(await store().getRun(run.id)).toMatchObject({ status: 'partial', leaseOwner: null });
    expect((await store().getRun(run.id))?.finishedAt).not.toBeNull();
    // A finished run is resumed by whoever executes it again.
    expect(await store().claimRun(run.id, 'process-c', 60_000)).toMatchObject({
      status: 'running',
      leaseOwner: 'process-c',
      finishedAt: null,
    });
  });

  it('builds a plan in batches under a lease, and fails one whose builder stopped', async () => {
    const id = planId();
    const plan = await store().createPlan({
      id,
      scope: { gaps: {} },
      deleteConnections: [],
      actor: 'ops',
      expiresAt: new Date(Date.now() + HOUR),
      ready: null,
      buildLeaseMs: 60_000,
    });
    expect(plan.status).toBe('building');
    expect(await store().appendPlanSteps(id, [step('a:1', 'deactivate')], 60_000)).toBe(true);
    expect(await store().appendPlanSteps(id, [step('a:2', 'deactivate')], 60_000)).toBe(true);
    const steps = [];
    for await (const s of store().planSteps(id)) steps.push(s);
    expect(steps.map((s) => [s.position, s.account])).toEqual([
      [1, 'a:1'],
      [2, 'a:2'],
    ]);
    expect(await store().finishPlan(id, 'h')).toMatchObject({ status: 'ready', stepCount: 2 });
    expect(await store().appendPlanSteps(id, [step('a:3', 'deactivate')], 60_000)).toBe(false);

    const dead = planId();
    await store().createPlan({
      id: dead,
      scope: { gaps: {} },
      deleteConnections: [],
      actor: 'ops',
      expiresAt: new Date(Date.now() + HOUR),
      ready: null,
      buildLeaseMs: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store().getPlan(dead)).toMatchObject({
      status: 'failed',
      error: { code: 'build_abandoned' },
    });
  });
});
