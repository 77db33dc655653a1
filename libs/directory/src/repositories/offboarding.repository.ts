import type { UserStatus } from '@userbridge/canonical';
import { Kysely, sql } from 'kysely';
import type {
  DirectoryTransaction,
  NewOffboardingPlan,
  OffboardingAction,
  OffboardingOutcome,
  OffboardingPlan,
  OffboardingPlanStatus,
  OffboardingPlanStep,
  OffboardingRun,
  OffboardingRunStatus,
  OffboardingRunStep,
  OffboardingScope,
  OffboardingStore,
  OpenGap,
} from '../directory.port';
import { OFFBOARDING_OUTCOMES } from '../directory.port';
import type { DB } from '../db/schema';
import { guard } from '../db/store-guard';
import { inTransaction } from '../db/transaction';
import type { SqlExamples } from '../db/sql-examples';
import { toIso, toIsoOrNull } from './rows';

/** int8 and count(*) as a number (the pool parses int8; a raw count may still be text). */
const toNumber = (value: string | number | bigint): number => Number(value);

/** Steps per insert statement: one JSON parameter each, whatever the plan's size. */
const STEP_BATCH = 1000;
/** Steps read per page when a plan's steps are streamed (its hash). */
const STREAM_BATCH = 1000;

const PLAN_COLUMNS = [
  'id',
  'status',
  'scope',
  'delete_connections',
  'actor',
  'hash',
  'step_count',
  'created_at',
  'expires_at',
  'error_code',
  'error_message',
] as const;

const PLAN_STEP_COLUMNS = [
  'position',
  'account',
  'connection',
  'vendor',
  'current_status',
  'action',
  'reversible',
  'reason',
] as const;

const RUN_COLUMNS = [
  'id',
  'plan_id',
  'status',
  'actor',
  'created_at',
  'updated_at',
  'finished_at',
  'lease_owner',
  'lease_until',
] as const;

const RUN_STEP_COLUMNS = [
  'position',
  'account',
  'connection',
  'action',
  'planned_status',
  'outcome',
  'error_code',
  'retryable',
  'attempts',
  'finished_at',
] as const;

interface PlanRow {
  id: string;
  status: string;
  scope: Record<string, unknown>;
  delete_connections: string[];
  actor: string | null;
  hash: string | null;
  step_count: number;
  created_at: Date;
  expires_at: Date;
  error_code: string | null;
  error_message: string | null;
}

interface PlanStepRow {
  position: number;
  account: string;
  connection: string;
  vendor: string;
  current_status: string;
  action: string;
  reversible: boolean;
  reason: string | null;
}

interface RunRow {
  id: string;
  plan_id: string;
  status: string;
  actor: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
}

interface RunStepRow {
  position: number;
  account: string;
  connection: string;
  action: string;
  planned_status: string;
  outcome: string;
  error_code: string | null;
  retryable: boolean | null;
  attempts: number;
  finished_at: Date | null;
}

const toPlan = (row: PlanRow): OffboardingPlan => ({
  id: row.id,
  status: row.status as OffboardingPlanStatus,
  scope: row.scope as OffboardingScope,
  deleteConnections: row.delete_connections,
  actor: row.actor,
  hash: row.hash,
  stepCount: row.step_count,
  createdAt: toIso(row.created_at),
  expiresAt: toIso(row.expires_at),
  error:
    row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
});

const toPlanStep = (row: PlanStepRow): OffboardingPlanStep => ({
  position: row.position,
  account: row.account,
  connection: row.connection,
  vendor: row.vendor,
  currentStatus: row.current_status as UserStatus,
  action: row.action as OffboardingAction,
  reversible: row.reversible,
  reason: row.reason,
});

const toRunStep = (row: RunStepRow): OffboardingRunStep => ({
  position: row.position,
  account: row.account,
  connection: row.connection,
  action: row.action as OffboardingAction,
  plannedStatus: row.planned_status as UserStatus,
  outcome: row.outcome as OffboardingOutcome,
  errorCode: row.error_code,
  retryable: row.retryable,
  attempts: row.attempts,
  finishedAt: toIsoOrNull(row.finished_at),
});

function toRun(
  row: RunRow,
  counted: { outcome: string; count: string | number; changed: string | number }[],
): OffboardingRun {
  const counts = Object.fromEntries(OFFBOARDING_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    OffboardingOutcome,
    number
  >;
  let changed = 0;
  for (const entry of counted) {
    counts[entry.outcome as OffboardingOutcome] = toNumber(entry.count);
    changed += toNumber(entry.changed);
  }
  return {
    id: row.id,
    planId: row.plan_id,
    status: row.status as OffboardingRunStatus,
    actor: row.actor,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    finishedAt: toIsoOrNull(row.finished_at),
    leaseOwner: row.lease_owner,
    leaseUntil: toIsoOrNull(row.lease_until),
    counts,
    changedSincePlan: changed,
  };
}

const leaseEnd = (leaseMs: number) => sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`;

export function insertPlanQuery(db: Kysely<DB>, plan: NewOffboardingPlan, stepCount: number) {
  return db
    .insertInto('offboarding_plans')
    .values({
      id: plan.id,
      status: plan.ready ? 'ready' : 'building',
      scope: JSON.stringify(plan.scope),
      delete_connections: plan.deleteConnections,
      actor: plan.actor,
      hash: plan.ready?.hash ?? null,
      step_count: stepCount,
      expires_at: plan.expiresAt,
      build_lease_until: plan.ready ? null : leaseEnd(plan.buildLeaseMs ?? 60_000),
    })
    .returning(PLAN_COLUMNS);
}

/** A batch of steps as one JSON parameter: the statement's text is the same for every batch. */
export function insertPlanStepsQuery(
  db: Kysely<DB>,
  planId: string,
  firstPosition: number,
  steps: readonly Omit<OffboardingPlanStep, 'position'>[],
) {
  const rows = steps.map((step, i) => ({
    position: firstPosition + i,
    account: step.account,
    connection: step.connection,
    vendor: step.vendor,
    current_status: step.currentStatus,
    action: step.action,
    reversible: step.reversible,
    reason: step.reason,
  }));
  return db
    .insertInto('offboarding_plan_steps')
    .columns([...PLAN_STEP_COLUMNS, 'plan_id'])
    .expression((eb) =>
      eb
        .selectFrom(
          sql<PlanStepRow>`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`.as(
            sql`r(position integer, account text, connection text, vendor text, current_status text, action text, reversible boolean, reason text)`,
          ),
        )
        .select([
          'r.position',
          'r.account',
          'r.connection',
          'r.vendor',
          'r.current_status',
          'r.action',
          'r.reversible',
          'r.reason',
          sql<string>`${planId}::text`.as('plan_id'),
        ]),
    );
}

/** Counts the building plan's new steps and renews its lease, only while it is still building. */
export function extendPlanQuery(db: Kysely<DB>, planId: string, added: number, leaseMs: number) {
  return db
    .updateTable('offboarding_plans')
    .set({
      step_count: sql<number>`step_count + ${added}`,
      build_lease_until: leaseEnd(leaseMs),
    })
    .where('id', '=', planId)
    .where('status', '=', 'building')
    .returning(['step_count']);
}

export function finishPlanQuery(db: Kysely<DB>, planId: string, hash: string) {
  return db
    .updateTable('offboarding_plans')
    .set({ status: 'ready', hash, build_lease_until: null })
    .where('id', '=', planId)
    .where('status', '=', 'building')
    .returning(PLAN_COLUMNS);
}

export function failPlanQuery(
  db: Kysely<DB>,
  planId: string,
  error: { code: string; message: string },
) {
  return db
    .updateTable('offboarding_plans')
    .set({
      status: 'failed',
      error_code: error.code,
      error_message: error.message,
      build_lease_until: null,
    })
    .where('id', '=', planId)
    .where('status', '=', 'building');
}

/** A plan whose builder stopped renewing its lease (its process died) will never be ready. */
export function expirePlanBuildQuery(db: Kysely<DB>, planId: string) {
  return db
    .updateTable('offboarding_plans')
    .set({
      status: 'failed',
      error_code: 'build_abandoned',
      error_message: 'the process building this plan stopped before it was ready: plan again',
      build_lease_until: null,
    })
    .where('id', '=', planId)
    .where('status', '=', 'building')
    .where('build_lease_until', '<', sql<Date>`now()`);
}

export function getPlanQuery(db: Kysely<DB>, planId: string) {
  return db.selectFrom('offboarding_plans').select(PLAN_COLUMNS).where('id', '=', planId);
}

export function listPlanStepsQuery(db: Kysely<DB>, planId: string, after: number, limit: number) {
  return db
    .selectFrom('offboarding_plan_steps')
    .select(PLAN_STEP_COLUMNS)
    .where('plan_id', '=', planId)
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit);
}

export function insertRunQuery(
  db: Kysely<DB>,
  planId: string,
  runId: string,
  actor: string | null,
  owner: string,
  leaseMs: number,
) {
  return db
    .insertInto('offboarding_runs')
    .values({
      id: runId,
      plan_id: planId,
      status: 'running',
      actor,
      lease_owner: owner,
      lease_until: leaseEnd(leaseMs),
    })
    .onConflict((conflict) => conflict.column('plan_id').doNothing())
    .returning(RUN_COLUMNS);
}

/** The run's steps from the plan's: a step with nothing to do is `skipped` from the start. */
export function insertRunStepsQuery(db: Kysely<DB>, planId: string, runId: string) {
  return db
    .insertInto('offboarding_run_steps')
    .columns([
      'run_id',
      'position',
      'account',
      'connection',
      'action',
      'planned_status',
      'outcome',
      'error_code',
      'retryable',
      'finished_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('offboarding_plan_steps')
        .select([
          sql<string>`${runId}::text`.as('run_id'),
          'position',
          'account',
          'connection',
          'action',
          'current_status',
          sql<string>`case when action in ('deactivate', 'delete') then 'pending' else 'skipped' end`.as(
            'outcome',
          ),
          sql<
            string | null
          >`case when action = 'unsupported' then 'operation_not_supported' else null end`.as(
            'error_code',
          ),
          sql<boolean | null>`case when action = 'unsupported' then false else null end`.as(
            'retryable',
          ),
          sql<Date | null>`case when action in ('deactivate', 'delete') then null else now() end`.as(
            'finished_at',
          ),
        ])
        .where('plan_id', '=', planId),
    );
}

export function getRunQuery(db: Kysely<DB>, runId: string) {
  return db.selectFrom('offboarding_runs').select(RUN_COLUMNS).where('id', '=', runId);
}

export function runOfPlanQuery(db: Kysely<DB>, planId: string) {
  return db.selectFrom('offboarding_runs').select(RUN_COLUMNS).where('plan_id', '=', planId);
}

export function countRunStepsQuery(db: Kysely<DB>, runId: string) {
  return db
    .selectFrom('offboarding_run_steps')
    .select([
      'outcome',
      (eb) => eb.fn.countAll<string | number>().as('count'),
      sql<string | number>`count(*) filter (where error_code = 'changed_since_plan')`.as('changed'),
    ])
    .where('run_id', '=', runId)
    .groupBy('outcome');
}

/**
 * The lease, for `owner`: held already, a run that is not running (resumed:
 * running again), or a holder whose lease ran out (its process died).
 */
export function claimRunQuery(db: Kysely<DB>, runId: string, owner: string, leaseMs: number) {
  return db
    .updateTable('offboarding_runs')
    .set({
      status: 'running',
      lease_owner: owner,
      lease_until: leaseEnd(leaseMs),
      finished_at: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', runId)
    .where((eb) =>
      eb.or([
        eb('status', '<>', 'running'),
        eb('lease_owner', '=', owner),
        eb('lease_owner', 'is', null),
        eb('lease_until', '<', sql<Date>`now()`),
      ]),
    )
    .returning(RUN_COLUMNS);
}

export function renewRunQuery(db: Kysely<DB>, runId: string, owner: string, leaseMs: number) {
  return db
    .updateTable('offboarding_runs')
    .set({ lease_until: leaseEnd(leaseMs), updated_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .returning(['id']);
}

export function releaseRunQuery(
  db: Kysely<DB>,
  runId: string,
  owner: string,
  status: OffboardingRunStatus | null,
) {
  return db
    .updateTable('offboarding_runs')
    .set(
      status === null
        ? { lease_owner: null, lease_until: null, updated_at: sql<Date>`now()` }
        : {
            status,
            lease_owner: null,
            lease_until: null,
            updated_at: sql<Date>`now()`,
            finished_at: sql<Date>`now()`,
          },
    )
    .where('id', '=', runId)
    .where('lease_owner', '=', owner);
}

export function runConnectionsQuery(db: Kysely<DB>, runId: string) {
  return db
    .selectFrom('offboarding_run_steps')
    .select('connection')
    .distinct()
    .where('run_id', '=', runId)
    .orderBy('connection');
}

export function openRunStepsQuery(
  db: Kysely<DB>,
  runId: string,
  action: OffboardingAction,
  after: number,
  limit: number,
) {
  return db
    .selectFrom('offboarding_run_steps')
    .select(RUN_STEP_COLUMNS)
    .where('run_id', '=', runId)
    .where('action', '=', action)
    .where('outcome', 'in', ['pending', 'failed', 'unknown'])
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit);
}

export function markAttemptQuery(db: Kysely<DB>, runId: string, position: number) {
  return db
    .updateTable('offboarding_run_steps')
    .set({ attempts: sql<number>`attempts + 1`, attempted_at: sql<Date>`now()` })
    .where('run_id', '=', runId)
    .where('position', '=', position);
}

export function recordOutcomeQuery(
  db: Kysely<DB>,
  runId: string,
  position: number,
  outcome: Exclude<OffboardingOutcome, 'pending'>,
  error: { code: string; retryable: boolean } | null,
) {
  return db
    .updateTable('offboarding_run_steps')
    .set({
      outcome,
      error_code: error?.code ?? null,
      retryable: error?.retryable ?? null,
      finished_at: sql<Date>`now()`,
    })
    .where('run_id', '=', runId)
    .where('position', '=', position);
}

export function listRunStepsQuery(db: Kysely<DB>, runId: string, after: number, limit: number) {
  return db
    .selectFrom('offboarding_run_steps')
    .select(RUN_STEP_COLUMNS)
    .where('run_id', '=', runId)
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit);
}

/** An identity as the latest successful reconciliation run stored it. */
export function identityMembersQuery(db: Kysely<DB>, identityId: string) {
  return db
    .selectFrom('reconciliation_identities')
    .select(sql<string[]>`array(select jsonb_array_elements(body->'members')->>'id')`.as('members'))
    .where('identity_id', '=', identityId)
    .where('run_id', '=', (eb) =>
      eb
        .selectFrom('reconciliation_runs')
        .select('id')
        .where('outcome', '=', 'succeeded')
        .orderBy('id', 'desc')
        .limit(1),
    );
}

/** Open offboarding gaps (status_mismatch conflicts not resolved), oldest conflict id first. */
export function openGapsQuery(
  db: Kysely<DB>,
  seenBefore: Date | null,
  after: number,
  limit: number,
) {
  let select = db
    .selectFrom('reconciliation_conflicts')
    .select(['id', 'identity_id', 'evidence', 'first_seen_at'])
    .where('type', '=', 'status_mismatch')
    .where('resolved_at', 'is', null)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit);
  if (seenBefore !== null) select = select.where('first_seen_at', '<=', seenBefore);
  return select;
}

export class KyselyOffboardingStore implements OffboardingStore {
  constructor(private readonly db: Kysely<DB>) {}

  createPlan(plan: NewOffboardingPlan): Promise<OffboardingPlan> {
    return guard(() =>
      inTransaction(this.db, async (trx) => {
        const steps = plan.ready?.steps ?? [];
        const row = await insertPlanQuery(trx, plan, steps.length).executeTakeFirstOrThrow();
        for (let i = 0; i < steps.length; i += STEP_BATCH)
          await insertPlanStepsQuery(trx, plan.id, i + 1, steps.slice(i, i + STEP_BATCH)).execute();
        return toPlan(row as PlanRow);
      }),
    );
  }

  appendPlanSteps(
    planId: string,
    steps: Omit<OffboardingPlanStep, 'position'>[],
    leaseMs: number,
  ): Promise<boolean> {
    return guard(() =>
      inTransaction(this.db, async (trx) => {
        const extended = await extendPlanQuery(
          trx,
          planId,
          steps.length,
          leaseMs,
        ).executeTakeFirst();
        if (!extended) return false;
        const first = extended.step_count - steps.length + 1;
        for (let i = 0; i < steps.length; i += STEP_BATCH)
          await insertPlanStepsQuery(
            trx,
            planId,
            first + i,
            steps.slice(i, i + STEP_BATCH),
          ).execute();
        return true;
      }),
    );
  }

  finishPlan(planId: string, hash: string): Promise<OffboardingPlan | null> {
    return guard(async () => {
      const row = await finishPlanQuery(this.db, planId, hash).executeTakeFirst();
      return row ? toPlan(row as PlanRow) : null;
    });
  }

  failPlan(planId: string, error: { code: string; message: string }): Promise<void> {
    return guard(async () => {
      await failPlanQuery(this.db, planId, error).execute();
    });
  }

  getPlan(planId: string): Promise<OffboardingPlan | null> {
    return guard(async () => {
      await expirePlanBuildQuery(this.db, planId).execute();
      const row = await getPlanQuery(this.db, planId).executeTakeFirst();
      return row ? toPlan(row as PlanRow) : null;
    });
  }

  listPlanSteps(planId: string, after: number, limit: number): Promise<OffboardingPlanStep[]> {
    return guard(async () =>
      ((await listPlanStepsQuery(this.db, planId, after, limit).execute()) as PlanStepRow[]).map(
        toPlanStep,
      ),
    );
  }

  async *planSteps(planId: string): AsyncIterable<OffboardingPlanStep> {
    let after = 0;
    for (;;) {
      const page = await this.listPlanSteps(planId, after, STREAM_BATCH);
      yield* page;
      if (page.length < STREAM_BATCH) return;
      after = page[page.length - 1].position;
    }
  }

  startRun(
    planId: string,
    runId: string,
    actor: string | null,
    owner: string,
    leaseMs: number,
  ): Promise<{ run: OffboardingRun; started: boolean }> {
    return guard(async () => {
      const started = await inTransaction(this.db, async (trx) => {
        const row = await insertRunQuery(
          trx,
          planId,
          runId,
          actor,
          owner,
          leaseMs,
        ).executeTakeFirst();
        if (!row) return false;
        await insertRunStepsQuery(trx, planId, runId).execute();
        return true;
      });
      const run = await this.runOfPlan(planId);
      if (run === null) throw new Error(`the run of plan ${planId} vanished`);
      return { run, started };
    });
  }

  getRun(runId: string): Promise<OffboardingRun | null> {
    return guard(async () => this.withCounts(await getRunQuery(this.db, runId).executeTakeFirst()));
  }

  runOfPlan(planId: string): Promise<OffboardingRun | null> {
    return guard(async () =>
      this.withCounts(await runOfPlanQuery(this.db, planId).executeTakeFirst()),
    );
  }

  claimRun(runId: string, owner: string, leaseMs: number): Promise<OffboardingRun | null> {
    return guard(async () =>
      this.withCounts(await claimRunQuery(this.db, runId, owner, leaseMs).executeTakeFirst()),
    );
  }

  renewRun(runId: string, owner: string, leaseMs: number): Promise<boolean> {
    return guard(
      async () =>
        (await renewRunQuery(this.db, runId, owner, leaseMs).executeTakeFirst()) !== undefined,
    );
  }

  releaseRun(
    runId: string,
    owner: string,
    status: OffboardingRunStatus | null,
    also?: (tx: DirectoryTransaction) => Promise<void>,
  ): Promise<boolean> {
    return guard(() =>
      inTransaction(this.db, async (trx, handle) => {
        const released = await releaseRunQuery(trx, runId, owner, status).executeTakeFirst();
        if (Number(released.numUpdatedRows) === 0) return false;
        if (also) await also(handle);
        return true;
      }),
    );
  }

  runConnections(runId: string): Promise<string[]> {
    return guard(async () =>
      (await runConnectionsQuery(this.db, runId).execute()).map((row) => row.connection),
    );
  }

  openRunSteps(
    runId: string,
    action: OffboardingAction,
    after: number,
    limit: number,
  ): Promise<OffboardingRunStep[]> {
    return guard(async () =>
      (
        (await openRunStepsQuery(this.db, runId, action, after, limit).execute()) as RunStepRow[]
      ).map(toRunStep),
    );
  }

  markAttempt(runId: string, position: number): Promise<void> {
    return guard(async () => {
      await markAttemptQuery(this.db, runId, position).execute();
    });
  }

  recordOutcome(
    runId: string,
    position: number,
    outcome: Exclude<OffboardingOutcome, 'pending'>,
    error: { code: string; retryable: boolean } | null,
  ): Promise<void> {
    return guard(async () => {
      await recordOutcomeQuery(this.db, runId, position, outcome, error).execute();
    });
  }

  listRunSteps(runId: string, after: number, limit: number): Promise<OffboardingRunStep[]> {
    return guard(async () =>
      ((await listRunStepsQuery(this.db, runId, after, limit).execute()) as RunStepRow[]).map(
        toRunStep,
      ),
    );
  }

  identityMembers(identityId: string): Promise<string[] | null> {
    return guard(async () => {
      const row = await identityMembersQuery(this.db, identityId).executeTakeFirst();
      return row ? row.members : null;
    });
  }

  openGaps(seenBefore: Date | null, after: number, limit: number): Promise<OpenGap[]> {
    return guard(async () => {
      const rows = await openGapsQuery(this.db, seenBefore, after, limit).execute();
      return rows.map((row) => {
        const active = (row.evidence as { active?: unknown }).active;
        return {
          conflictId: toNumber(row.id),
          identityId: row.identity_id,
          active: Array.isArray(active) ? active.filter((id) => typeof id === 'string') : [],
          firstSeenAt: toIso(row.first_seen_at),
        };
      });
    });
  }

  private async withCounts(row: RunRow | undefined): Promise<OffboardingRun | null> {
    if (!row) return null;
    const counted = await countRunStepsQuery(this.db, row.id).execute();
    return toRun(row, counted);
  }
}

const AT = new Date('2026-01-01T00:00:00.000Z');

/** Every statement of this file, for the reviewed snapshot beside it. */
export const sqlExamples = {
  insertPlan: (db) =>
    insertPlanQuery(
      db,
      {
        id: 'obp_1',
        scope: { identity: 'idn_1' },
        deleteConnections: ['a'],
        actor: 'ops',
        expiresAt: AT,
        ready: null,
        buildLeaseMs: 60_000,
      },
      0,
    ),
  'insertPlanSteps (1 row)': (db) =>
    insertPlanStepsQuery(db, 'obp_1', 1, [
      {
        account: 'a:1',
        connection: 'a',
        vendor: 'a',
        currentStatus: 'active',
        action: 'deactivate',
        reversible: true,
        reason: null,
      },
    ]),
  extendPlan: (db) => extendPlanQuery(db, 'obp_1', 500, 60_000),
  finishPlan: (db) => finishPlanQuery(db, 'obp_1', 'h'),
  failPlan: (db) => failPlanQuery(db, 'obp_1', { code: 'c', message: 'm' }),
  expirePlanBuild: (db) => expirePlanBuildQuery(db, 'obp_1'),
  getPlan: (db) => getPlanQuery(db, 'obp_1'),
  listPlanSteps: (db) => listPlanStepsQuery(db, 'obp_1', 0, 100),
  insertRun: (db) => insertRunQuery(db, 'obp_1', 'obr_1', 'ops', 'owner', 30_000),
  insertRunSteps: (db) => insertRunStepsQuery(db, 'obp_1', 'obr_1'),
  getRun: (db) => getRunQuery(db, 'obr_1'),
  runOfPlan: (db) => runOfPlanQuery(db, 'obp_1'),
  countRunSteps: (db) => countRunStepsQuery(db, 'obr_1'),
  claimRun: (db) => claimRunQuery(db, 'obr_1', 'owner', 30_000),
  renewRun: (db) => renewRunQuery(db, 'obr_1', 'owner', 30_000),
  'releaseRun (finished)': (db) => releaseRunQuery(db, 'obr_1', 'owner', 'succeeded'),
  'releaseRun (handed over)': (db) => releaseRunQuery(db, 'obr_1', 'owner', null),
  runConnections: (db) => runConnectionsQuery(db, 'obr_1'),
  openRunSteps: (db) => openRunStepsQuery(db, 'obr_1', 'deactivate', 0, 100),
  markAttempt: (db) => markAttemptQuery(db, 'obr_1', 1),
  recordOutcome: (db) =>
    recordOutcomeQuery(db, 'obr_1', 1, 'failed', { code: 'vendor_error', retryable: true }),
  listRunSteps: (db) => listRunStepsQuery(db, 'obr_1', 0, 100),
  identityMembers: (db) => identityMembersQuery(db, 'idn_1'),
  'openGaps (older than)': (db) => openGapsQuery(db, AT, 0, 500),
  'openGaps (every age)': (db) => openGapsQuery(db, null, 0, 500),
} satisfies SqlExamples;
