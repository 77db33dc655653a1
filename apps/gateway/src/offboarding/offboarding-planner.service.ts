import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { cursorField, defineCursor, INT4_MAX } from '@userbridge/cursor';
import {
  DIRECTORY,
  Directory,
  logMessageOf,
  OffboardingPlan,
  OffboardingPlanStep,
  OffboardingScope,
} from '@userbridge/directory';
import { DomainError, InvalidRequestError } from '@userbridge/errors';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { createHash, randomBytes } from 'node:crypto';
import { Visibility } from '../auth/visibility';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { IdentitiesReader } from '../identities/identities.reader';
import { UsersReader } from '../users/users.reader';
import { ConnectionLimiter } from './connection-limiter';
import { CreatePlanDto, PlanStepView, PlanView } from './dto/offboarding.dto';
import { IdentityNotFoundError, PlanNotFoundError } from './offboarding.errors';
import { decideStep } from './step-decision';

export const PLAN_STEPS_CURSOR = defineCursor({
  kind: 'offboarding.plan.steps',
  version: 1,
  position: { after: cursorField.integer({ max: INT4_MAX }) },
});

/** Gaps read and accounts planned per batch of a background build. */
const GAP_BATCH = 500;

type NewStep = Omit<OffboardingPlanStep, 'position'>;

/** Who asks for a plan: the key's label and what it may see. */
export interface PlanCaller {
  actor: string | null;
  visibility: Visibility;
  context: CallContext;
}

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

/** The digest executing must present: every step as planned, and what the plan is. */
export function planHasher(plan: Pick<OffboardingPlan, 'id' | 'expiresAt' | 'deleteConnections'>) {
  const hash = createHash('sha256').update(
    JSON.stringify([plan.id, plan.expiresAt, [...plan.deleteConnections].sort()]),
  );
  return {
    add(step: Pick<OffboardingPlanStep, 'account' | 'action' | 'currentStatus'>): void {
      hash.update(`\n${step.account}\u0000${step.action}\u0000${step.currentStatus}`);
    },
    digest: (): string => hash.digest('base64url').slice(0, 32),
  };
}

export function planHash(
  plan: Pick<OffboardingPlan, 'id' | 'expiresAt' | 'deleteConnections'>,
  steps: Iterable<Pick<OffboardingPlanStep, 'account' | 'action' | 'currentStatus'>>,
): string {
  const hasher = planHasher(plan);
  for (const step of steps) hasher.add(step);
  return hasher.digest();
}

export function stepView(step: OffboardingPlanStep | NewStep): PlanStepView {
  return {
    account: step.account,
    connection: step.connection,
    vendor: step.vendor,
    currentStatus: step.currentStatus,
    action: step.action,
    reversible: step.reversible,
    ...(step.reason === null ? {} : { reason: step.reason }),
  };
}

/**
 * Makes offboarding plans: finds the accounts concerned through
 * `IdentitiesReader` (an identity's members, the open gaps of the latest
 * reconciliation), reads each live through `UsersReader.current` (never from
 * the directory: a plan must show what is true now) and
 * decides one step per account from the adapter's capabilities and lifecycle.
 * Planning writes nothing at any vendor.
 */
@Injectable()
export class OffboardingPlanner implements OnApplicationShutdown {
  private readonly logger = new Logger('Offboarding');
  private readonly builds = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
    private readonly users: UsersReader,
    private readonly identities: IdentitiesReader,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async create(
    request: CreatePlanDto,
    caller: PlanCaller,
  ): Promise<{ status: 201 | 202; plan: PlanView }> {
    const given = (['identity', 'account', 'gaps'] as const).filter(
      (field) => request[field] !== undefined,
    );
    if (given.length !== 1)
      throw new InvalidRequestError('Give exactly one of identity, account or gaps', {
        problems: [
          { field: given[1] ?? 'identity', message: 'exactly one of identity, account, gaps' },
        ],
      });
    const deleteConnections = [...new Set(request.delete ?? [])];
    deleteConnections.forEach((name, i) => {
      caller.visibility.require(name);
      if (!this.registry.has(name))
        throw new InvalidRequestError(
          `delete names ${name}, which is not a configured connection (${this.registry.names().join(', ')})`,
          { problems: [{ field: `delete[${i}]`, message: 'not a configured connection' }] },
        );
    });
    const { offboarding } = this.config;
    const expiresAt = new Date(Date.now() + offboarding.planTtlSeconds * 1000);
    const id = newId('obp');

    if (request.gaps !== undefined) {
      const gaps = request.gaps;
      if (gaps.connection !== undefined) caller.visibility.require(gaps.connection);
      // An unknown kind or connection is a 400 naming the configured ones, never an empty plan.
      if (gaps.vendor !== undefined || gaps.connection !== undefined)
        this.registry.select(
          gaps.vendor === undefined ? undefined : [gaps.vendor],
          gaps.connection === undefined ? undefined : [gaps.connection],
        );
      const scope: OffboardingScope = { gaps: { ...gaps } };
      const plan = await this.directory.offboarding.createPlan({
        id,
        scope,
        deleteConnections,
        actor: caller.actor,
        expiresAt,
        ready: null,
        buildLeaseMs: offboarding.leaseSeconds * 1000,
      });
      this.track(this.build(plan, caller));
      return { status: 202, plan: this.view(plan, [], null) };
    }

    const accounts =
      request.identity !== undefined
        ? await this.identityAccounts(request.identity, caller.visibility)
        : [request.account as string];
    const steps = await this.readSteps(accounts, deleteConnections, caller);
    const scope: OffboardingScope =
      request.identity !== undefined
        ? { identity: request.identity }
        : { account: request.account as string };
    const hash = planHash({ id, expiresAt: expiresAt.toISOString(), deleteConnections }, steps);
    const plan = await this.directory.offboarding.createPlan({
      id,
      scope,
      deleteConnections,
      actor: caller.actor,
      expiresAt,
      ready: { steps, hash },
    });
    return { status: 201, plan: this.view(plan, steps.map(stepView), null) };
  }

  /** A plan with one page of its steps. A key that may not see one of its connections gets a 404. */
  async get(
    id: string,
    visibility: Visibility,
    page: { limit: number; cursor?: string },
  ): Promise<PlanView> {
    const plan = await this.directory.offboarding.getPlan(id);
    if (plan === null) throw new PlanNotFoundError(id);
    const after = page.cursor === undefined ? 0 : PLAN_STEPS_CURSOR.decode(page.cursor, [id]).after;
    const steps = await this.directory.offboarding.listPlanSteps(id, after, page.limit + 1);
    const listed = PLAN_STEPS_CURSOR.page(steps, page.limit, [id], (last) => ({
      after: last.position,
    }));
    if (listed.rows.some((step) => !visibility.canSee(step.connection)))
      throw new PlanNotFoundError(id);
    const run = await this.directory.offboarding.runOfPlan(id);
    return {
      ...this.view(plan, listed.rows.map(stepView), listed.nextCursor),
      ...(run === null ? {} : { runId: run.id }),
    };
  }

  onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    return Promise.allSettled([...this.builds]).then(() => undefined);
  }

  private view(plan: OffboardingPlan, steps: PlanStepView[], nextCursor: string | null): PlanView {
    return {
      id: plan.id,
      status: plan.status,
      hash: plan.hash,
      createdAt: plan.createdAt,
      expiresAt: plan.expiresAt,
      delete: plan.deleteConnections,
      stepCount: plan.stepCount,
      steps,
      nextCursor,
      ...(plan.error === null ? {} : { error: plan.error }),
    };
  }

  /** The identity's accounts the key may see, from the latest stored reconciliation run. */
  private async identityAccounts(identity: string, visibility: Visibility): Promise<string[]> {
    const visible = await this.identities.members(identity, visibility);
    if (visible.length === 0) throw new IdentityNotFoundError(identity);
    return visible;
  }

  /** Each account read live, at most OFFBOARDING_CONCURRENCY at once per connection. */
  private async readSteps(
    accounts: readonly string[],
    deleteConnections: readonly string[],
    caller: PlanCaller,
  ): Promise<NewStep[]> {
    const limiter = new ConnectionLimiter(this.config.offboarding.concurrencyPerConnection);
    return Promise.all(
      accounts.map((account) => {
        const resolved = this.users.resolve(account, caller.visibility);
        const { adapter } = resolved;
        return limiter.run(adapter.name, async () => {
          const live = await this.users.current(resolved, caller.context);
          const status = live?.status ?? null;
          const decision = decideStep(adapter, status, deleteConnections.includes(adapter.name));
          return {
            account,
            connection: adapter.name,
            vendor: adapter.vendor,
            currentStatus: status ?? 'deleted',
            ...decision,
          };
        });
      }),
    );
  }

  /**
   * A gaps plan, built in the background in batches: open gaps read from the
   * latest reconciliation, their still-active accounts read live, steps
   * appended under the plan's build lease. Any account that cannot be read
   * fails the plan (a plan must not pretend to cover what it could not see).
   */
  private async build(plan: OffboardingPlan, caller: PlanCaller): Promise<void> {
    const store = this.directory.offboarding;
    const scope = plan.scope as {
      gaps: { olderThanDays?: number; connection?: string; vendor?: string };
    };
    const { olderThanDays, connection, vendor } = scope.gaps;
    const seenBefore =
      olderThanDays === undefined ? null : new Date(Date.now() - olderThanDays * 86_400_000);
    const leaseMs = this.config.offboarding.leaseSeconds * 1000;
    const seen = new Set<string>();
    const wanted = (account: string): boolean => {
      const at = account.indexOf(':');
      const name = account.slice(0, at);
      if (at < 1 || !this.registry.has(name) || !caller.visibility.canSee(name)) return false;
      if (connection !== undefined && name !== connection) return false;
      if (vendor !== undefined && this.registry.get(name).vendor !== vendor) return false;
      return !seen.has(account);
    };
    // Renewed while a batch is read too: a slow vendor must not make a live build look dead.
    let lost = false;
    const renew = setInterval(
      () => {
        store.appendPlanSteps(plan.id, [], leaseMs).then(
          (held) => {
            if (!held) lost = true;
          },
          () => undefined,
        );
      },
      Math.max(200, Math.floor(leaseMs / 3)),
    );
    renew.unref();
    try {
      let after = 0;
      for (;;) {
        if (this.stopping || lost) return;
        const gaps = await this.identities.openGaps(seenBefore, after, GAP_BATCH);
        const accounts = gaps.flatMap((gap) => gap.active).filter(wanted);
        accounts.forEach((account) => seen.add(account));
        const steps = await this.readSteps(accounts, plan.deleteConnections, caller);
        if (!(await store.appendPlanSteps(plan.id, steps, leaseMs))) return;
        if (gaps.length < GAP_BATCH) break;
        after = gaps[gaps.length - 1].conflictId;
      }
      const hasher = planHasher(plan);
      for await (const step of store.planSteps(plan.id)) hasher.add(step);
      await store.finishPlan(plan.id, hasher.digest());
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'internal_error';
      this.logger.warn(`offboarding plan ${plan.id} failed to build: ${logMessageOf(error)}`);
      await store
        .failPlan(plan.id, {
          code,
          message:
            error instanceof DomainError
              ? error.message
              : 'the plan could not be built; see the gateway log',
        })
        .catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }

  private track(build: Promise<void>): void {
    this.builds.add(build);
    void build.finally(() => this.builds.delete(build));
  }
}
