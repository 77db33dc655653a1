import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { UserStatus } from '@userbridge/canonical';
import { cursorField, defineCursor, INT4_MAX } from '@userbridge/cursor';
import {
  appendOffboardingCompleted,
  DIRECTORY,
  Directory,
  logMessageOf,
  OffboardingAction,
  OffboardingOutcome,
  OffboardingPlan,
  OffboardingRun,
  OffboardingRunStatus,
  OffboardingRunStep,
} from '@userbridge/directory';
import { DomainError, InvalidRequestError } from '@userbridge/errors';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Visibility } from '../auth/visibility';
import { ForbiddenError } from '../common/gateway-errors';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { SyncCoordinator } from '../directory/sync-coordinator.service';
import { UsersReader } from '../users/users.reader';
import { LiveAccount } from '../users/users.service';
import { IDEMPOTENCY_TTL_MS, UserWritePipeline } from '../write-path/user-write.pipeline';
import { WriteOrigin } from '../write-path/write-hooks';
import { mayHaveApplied } from '../write-path/write-outcome';
import { ConnectionLimiter } from './connection-limiter';
import { ExecutePlanDto, RunStepView, RunView } from './dto/offboarding.dto';
import { newId } from './offboarding-planner.service';
import { PlanConflictError, PlanNotFoundError, RunNotFoundError } from './offboarding.errors';
import { deactivationInput, deactivationOf, reached } from './step-decision';

export const RUN_STEPS_CURSOR = defineCursor({
  kind: 'offboarding.run.steps',
  version: 1,
  position: { after: cursorField.integer({ max: INT4_MAX }) },
});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** Open steps read per page of a run. */
const STEP_PAGE = 200;
/** Plans up to this many steps are checked against the vendors before a run starts (a 409 when changed). */
const PRECHECK_MAX = 1000;
/** Codes a later execution may get past: the vendor or the store was unwell, not the request wrong. */
const RETRYABLE = new Set([
  'vendor_error',
  'vendor_timeout',
  'vendor_rate_limited',
  'rate_limited',
  'store_unavailable',
  'not_applied',
]);

/** Who executes: the key's label, what it may see, whether it is an admin key. */
export interface ExecuteCaller {
  actor: string | null;
  visibility: Visibility;
  admin: boolean;
  /** A stable, non-secret name of the key, scoping its Idempotency-Keys. */
  scope: string;
  context: CallContext;
}

function runStepView(step: OffboardingRunStep): RunStepView {
  return {
    account: step.account,
    action: step.action,
    outcome: step.outcome,
    ...(step.errorCode === null ? {} : { errorCode: step.errorCode }),
    ...(step.retryable === null ? {} : { retryable: step.retryable }),
    ...(step.finishedAt === null ? {} : { finishedAt: step.finishedAt }),
  };
}

/** The run's end from its counts: every step done or with nothing to do, some, or none. */
export function finalStatus(
  run: Pick<OffboardingRun, 'counts' | 'changedSincePlan'>,
): OffboardingRunStatus {
  const { counts } = run;
  const problems = counts.failed + counts.unknown + counts.pending + run.changedSincePlan;
  const done = counts.succeeded + counts.already_done;
  if (problems === 0) return 'succeeded';
  return done === 0 ? 'failed' : 'partial';
}

/**
 * Executes offboarding plans: one run per plan, deactivations first and
 * deletes after, each step read live first (nothing written when already
 * done), written through the UserWritePipeline (channel `offboarding`) and
 * read back. A run holds a lease in the database while this process works on
 * it; executing again resumes it (here or, once its lease expired, in another
 * process). No database transaction is open across a vendor call: every
 * statement here is its own.
 */
@Injectable()
export class OffboardingExecutor implements OnApplicationShutdown {
  private readonly logger = new Logger('Offboarding');
  /** This process, as a lease holder. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly loops = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
    private readonly users: UsersReader,
    private readonly pipeline: UserWritePipeline,
    private readonly coordinator: SyncCoordinator,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  private get leaseMs(): number {
    return this.config.offboarding.leaseSeconds * 1000;
  }

  async execute(
    planId: string,
    body: ExecutePlanDto,
    idempotencyKey: string | undefined,
    caller: ExecuteCaller,
  ): Promise<RunView> {
    if (idempotencyKey === undefined || !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new InvalidRequestError(
        'Executing a plan needs an Idempotency-Key header: 1 to 255 printable ASCII characters without spaces',
        { problems: [{ field: 'Idempotency-Key', message: 'required' }] },
      );
    const store = this.directory.offboarding;
    const plan = await store.getPlan(planId);
    if (plan === null) throw new PlanNotFoundError(planId);
    const { deletes, hidden, actionable } = await this.survey(plan, caller.visibility);
    if (hidden) throw new PlanNotFoundError(planId);
    if (plan.status !== 'ready')
      throw new PlanConflictError(
        plan.status === 'building'
          ? `Plan ${plan.id} is still being built: execute it once GET shows it ready`
          : `Plan ${plan.id} failed to build (${plan.error?.message ?? 'unknown'}): plan again`,
        'not_ready',
        { status: plan.status },
      );
    if (body.hash !== plan.hash)
      throw new PlanConflictError(
        'The hash is not this plan’s: execute the plan you reviewed, with the hash it answered',
        'hash_mismatch',
      );
    if (deletes.length > 0) {
      if (!caller.admin)
        throw new ForbiddenError(
          `This plan deletes at ${deletes.join(', ')}: executing it needs a key with the "admin" scope`,
        );
      const named = new Set(body.confirmDelete ?? []);
      const missing = deletes.filter((connection) => !named.has(connection));
      if (missing.length > 0)
        throw new InvalidRequestError(
          `This plan deletes irreversibly at ${missing.join(', ')}: name ${missing.length > 1 ? 'them' : 'it'} in confirmDelete`,
          {
            problems: [{ field: 'confirmDelete', message: `must list ${missing.join(', ')}` }],
            details: { missing },
          },
        );
    }

    const key = `offboarding:${caller.scope}:${idempotencyKey}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([plan.id, body.hash, [...(body.confirmDelete ?? [])].sort()]))
      .digest('base64url');
    const claim = await this.directory.idempotency.claim(key, fingerprint, IDEMPOTENCY_TTL_MS);
    if (!claim.claimed) {
      const { current } = claim;
      if (current.fingerprint !== fingerprint)
        throw new PlanConflictError(
          'This Idempotency-Key was already used with a different request',
          'idempotency_key_reused',
        );
      if (current.state === 'completed') return current.response.body as RunView;
      throw new PlanConflictError(
        'A request with this Idempotency-Key is still in progress; retry shortly',
        'idempotency_key_in_flight',
      );
    }
    try {
      const run = await this.startOrResume(plan, actionable, caller, idempotencyKey);
      const answer = await this.view(run, { limit: STEP_PAGE });
      await this.directory.idempotency.complete(
        key,
        fingerprint,
        { status: 202, body: answer },
        IDEMPOTENCY_TTL_MS,
      );
      return answer;
    } catch (error) {
      await this.directory.idempotency.release(key).catch(() => undefined);
      throw error;
    }
  }

  async get(
    runId: string,
    visibility: Visibility,
    page: { limit: number; cursor?: string },
  ): Promise<RunView> {
    const run = await this.directory.offboarding.getRun(runId);
    if (run === null) throw new RunNotFoundError(runId);
    const view = await this.view(run, page);
    if (view.steps.some((step) => !visibility.canSeeId(step.account)))
      throw new RunNotFoundError(runId);
    return view;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.loops.values()]);
  }

  /** What the plan's steps hold for this caller: where it deletes, whether any is hidden, what to check. */
  private async survey(
    plan: OffboardingPlan,
    visibility: Visibility,
  ): Promise<{
    deletes: string[];
    hidden: boolean;
    actionable: { account: string; action: OffboardingAction; currentStatus: UserStatus }[] | null;
  }> {
    const deletes = new Set<string>();
    let hidden = false;
    let actionable:
      { account: string; action: OffboardingAction; currentStatus: UserStatus }[] | null =
      plan.stepCount <= PRECHECK_MAX ? [] : null;
    for await (const step of this.directory.offboarding.planSteps(plan.id)) {
      if (!visibility.canSee(step.connection)) hidden = true;
      if (step.action === 'delete') deletes.add(step.connection);
      if (actionable !== null && (step.action === 'deactivate' || step.action === 'delete'))
        actionable.push(step);
      if (actionable !== null && actionable.length > PRECHECK_MAX) actionable = null;
    }
    return { deletes: [...deletes].sort(), hidden, actionable };
  }

  private async startOrResume(
    plan: OffboardingPlan,
    actionable: { account: string; action: OffboardingAction; currentStatus: UserStatus }[] | null,
    caller: ExecuteCaller,
    idempotencyKey: string,
  ): Promise<OffboardingRun> {
    const store = this.directory.offboarding;
    let run = await store.runOfPlan(plan.id);
    if (run === null) {
      if (Date.parse(plan.expiresAt) <= Date.now())
        throw new PlanConflictError(
          `Plan ${plan.id} expired at ${plan.expiresAt}: plan again`,
          'expired',
          { expiresAt: plan.expiresAt },
        );
      if (actionable !== null) await this.precheck(actionable, caller.context);
      const started = await store.startRun(
        plan.id,
        newId('obr'),
        caller.actor,
        this.owner,
        this.leaseMs,
      );
      run = started.run;
      if (started.started) {
        this.launch(run.id, caller, idempotencyKey);
        return run;
      }
    }
    // A run this process is working on goes on as it is; a run that succeeded has nothing left.
    if (this.loops.has(run.id) || run.status === 'succeeded') return run;
    const claimed = await store.claimRun(run.id, this.owner, this.leaseMs);
    // Another process holds a live lease: it is working on the run; answer it as it stands.
    if (claimed === null) return run;
    this.launch(claimed.id, caller, idempotencyKey);
    return claimed;
  }

  /**
   * A plan's accounts as the vendors hold them now, against the plan: any
   * changed (status or existence) is a 409 naming them. An account that cannot
   * be read now is left to its step (which reads it again).
   */
  private async precheck(
    steps: { account: string; action: OffboardingAction; currentStatus: UserStatus }[],
    context: CallContext,
  ): Promise<void> {
    const limiter = new ConnectionLimiter(this.config.offboarding.concurrencyPerConnection);
    const changed: { account: string; planned: UserStatus; now: UserStatus }[] = [];
    await Promise.all(
      steps.map((step) => {
        const account = this.users.resolve(step.account);
        return limiter.run(account.adapter.name, async () => {
          let now: UserStatus;
          try {
            now = (await this.users.current(account, context))?.status ?? 'deleted';
          } catch {
            return;
          }
          if (now !== step.currentStatus)
            changed.push({ account: step.account, planned: step.currentStatus, now });
        });
      }),
    );
    if (changed.length > 0)
      throw new PlanConflictError(
        `${changed.length} account(s) changed since the plan was made (${changed
          .slice(0, 5)
          .map((c) => `${c.account}: ${c.planned} -> ${c.now}`)
          .join(', ')}): plan again`,
        'accounts_changed',
        { accounts: changed.slice(0, 100) },
      );
  }

  /** Works the run in the background; each step's write carries the run and the execution's key. */
  private launch(runId: string, caller: ExecuteCaller, idempotencyKey: string): void {
    const origin: WriteOrigin = {
      channel: 'offboarding',
      context: caller.context,
      actor: caller.actor,
      visibility: Visibility.ALL,
      offboardingRunId: runId,
      idempotencyKey,
    };
    const loop = this.work(runId, origin).finally(() => this.loops.delete(runId));
    this.loops.set(runId, loop);
  }

  /** Works a run to its end while this process holds its lease. */
  private async work(runId: string, origin: WriteOrigin): Promise<void> {
    const store = this.directory.offboarding;
    let lost = false;
    const renew = setInterval(
      () => {
        store.renewRun(runId, this.owner, this.leaseMs).then(
          (held) => {
            if (!held) lost = true;
          },
          () => undefined,
        );
      },
      Math.max(200, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    const halted = () => lost || this.stopping;
    try {
      for (const action of ['deactivate', 'delete'] as const) {
        await this.phase(runId, action, origin, halted);
        if (halted()) break;
      }
      if (halted()) {
        if (!lost) await store.releaseRun(runId, this.owner, null);
        return;
      }
      const run = await store.getRun(runId);
      if (run === null) return;
      const status = finalStatus(run);
      const plan = await store.getPlan(run.planId);
      const connections = await store.runConnections(runId);
      // The feed's offboarding_completed entry commits with the run's end, or not at all.
      const ended = await store.releaseRun(runId, this.owner, status, async (tx) => {
        if (connections.length === 0) return;
        const scope = (plan?.scope ?? {}) as { identity?: string; account?: string };
        await appendOffboardingCompleted(tx, {
          runId,
          planId: run.planId,
          identityId: scope.identity ?? null,
          userId: scope.account ?? null,
          connections,
          details: { status, counts: run.counts },
        });
      });
      if (!ended) return;
      this.logger.log(`offboarding run ${runId} ended ${status}`);
      // The gaps this closed resolve in the next reconciliation: make it now.
      void this.coordinator.reconcile();
    } catch (error) {
      this.logger.warn(`offboarding run ${runId} stopped: ${logMessageOf(error)}`);
      // Another process (or the next execution) takes it over.
      await store.releaseRun(runId, this.owner, null).catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }

  /** Every open step of one action, page by page; per connection at most OFFBOARDING_CONCURRENCY at once. */
  private async phase(
    runId: string,
    action: OffboardingAction,
    origin: WriteOrigin,
    halted: () => boolean,
  ): Promise<void> {
    const limiter = new ConnectionLimiter(this.config.offboarding.concurrencyPerConnection);
    let after = 0;
    for (;;) {
      if (halted()) return;
      const steps = await this.directory.offboarding.openRunSteps(runId, action, after, STEP_PAGE);
      await Promise.all(
        steps.map((step) =>
          limiter.run(step.connection, async () => {
            if (!halted()) await this.step(runId, step, origin);
          }),
        ),
      );
      if (steps.length < STEP_PAGE) return;
      after = steps[steps.length - 1].position;
    }
  }

  private async step(runId: string, step: OffboardingRunStep, origin: WriteOrigin): Promise<void> {
    const store = this.directory.offboarding;
    const record = (
      outcome: Exclude<OffboardingOutcome, 'pending'>,
      error: { code: string; retryable: boolean } | null = null,
    ) => store.recordOutcome(runId, step.position, outcome, error);
    const errorOf = (error: unknown) => {
      const code = error instanceof DomainError ? error.code : 'internal_error';
      return { code, retryable: RETRYABLE.has(code) };
    };
    if (!this.registry.has(step.connection))
      return record('failed', { code: 'not_found', retryable: false });
    const account = this.users.resolve(step.account);
    const { adapter } = account;

    let current: LiveAccount | null;
    try {
      current = await this.users.current(account, origin.context);
    } catch (error) {
      // An earlier attempt may have landed: not known until a read succeeds.
      return record(step.attempts > 0 ? 'unknown' : 'failed', errorOf(error));
    }
    const status = current?.status ?? null;
    if (reached(step.action, status))
      return record(step.attempts > 0 ? 'succeeded' : 'already_done');
    // Only this run moves an account, and only towards its goal (reached above):
    // anything else means someone else changed it since planning.
    if (status !== step.plannedStatus)
      return record('skipped', { code: 'changed_since_plan', retryable: false });

    await store.markAttempt(runId, step.position);
    let failure: unknown = null;
    try {
      if (step.action === 'delete') {
        await this.pipeline.delete(step.account, { confirm: true }, origin);
      } else {
        const way = deactivationOf(adapter);
        if (way === null)
          return record('failed', { code: 'operation_not_supported', retryable: false });
        const input = deactivationInput(
          adapter,
          way,
          current as unknown as Record<string, unknown>,
        );
        if (way === 'patch') await this.pipeline.patch(step.account, input, origin);
        else await this.pipeline.replace(step.account, input, origin);
      }
    } catch (error) {
      failure = error;
    }
    // Read back: the step succeeded only when the vendor shows the new state.
    let after: LiveAccount | null;
    try {
      after = await this.users.current(account, origin.context);
    } catch (error) {
      if (failure !== null && !mayHaveApplied(failure)) return record('failed', errorOf(failure));
      return record('unknown', errorOf(error));
    }
    if (reached(step.action, after?.status ?? null)) return record('succeeded');
    if (failure !== null) return record('failed', errorOf(failure));
    return record('failed', { code: 'not_applied', retryable: true });
  }

  private async view(
    run: OffboardingRun,
    page: { limit: number; cursor?: string },
  ): Promise<RunView> {
    const after =
      page.cursor === undefined ? 0 : RUN_STEPS_CURSOR.decode(page.cursor, [run.id]).after;
    const steps = await this.directory.offboarding.listRunSteps(run.id, after, page.limit + 1);
    const listed = RUN_STEPS_CURSOR.page(steps, page.limit, [run.id], (last) => ({
      after: last.position,
    }));
    return {
      id: run.id,
      planId: run.planId,
      status: run.status,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      counts: run.counts,
      steps: listed.rows.map(runStepView),
      nextCursor: listed.nextCursor,
    };
  }
}
