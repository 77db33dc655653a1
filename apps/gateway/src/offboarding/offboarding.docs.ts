import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ApiDoc } from '../docs/api-doc';
import { ApiErrors, STORE_ERRORS, VENDOR_ERRORS } from '../docs/api-responses';
import { PlanView, RunView } from './dto/offboarding.dto';

// The OpenAPI prose of /v1/offboarding, one entry per handler of OffboardingController.

const PLAN_EXAMPLE = {
  id: 'obp_8c1e4a7b2d9f4e03a1b6c5d7',
  status: 'ready',
  hash: 'sK3u9QzW1b0fH2pX8dVt4AqL7mN2cE5r',
  createdAt: '2026-11-23T10:00:00.000Z',
  expiresAt: '2026-11-23T11:00:00.000Z',
  delete: [],
  stepCount: 3,
  steps: [
    {
      account: 'convirza:50001',
      connection: 'convirza',
      vendor: 'convirza',
      currentStatus: 'active',
      action: 'deactivate',
      reversible: true,
    },
    {
      account: 'desk:9001',
      connection: 'desk',
      vendor: 'desk',
      currentStatus: 'deleted',
      action: 'none',
      reversible: true,
      reason: 'already deleted at desk',
    },
    {
      account: 'credira:user_s01',
      connection: 'credira',
      vendor: 'credira',
      currentStatus: 'active',
      action: 'deactivate',
      reversible: true,
    },
  ],
  nextCursor: null,
};

const RUN_EXAMPLE = {
  id: 'obr_5d2f0e9a8b7c4d31a2e6f4b0',
  planId: PLAN_EXAMPLE.id,
  status: 'partial',
  createdAt: '2026-11-23T10:05:00.000Z',
  finishedAt: '2026-11-23T10:05:02.120Z',
  counts: { pending: 0, succeeded: 1, already_done: 0, failed: 1, unknown: 0, skipped: 1 },
  steps: [
    {
      account: 'convirza:50001',
      action: 'deactivate',
      outcome: 'succeeded',
      finishedAt: '2026-11-23T10:05:01.050Z',
    },
    {
      account: 'desk:9001',
      action: 'none',
      outcome: 'skipped',
      finishedAt: '2026-11-23T10:05:00.010Z',
    },
    {
      account: 'credira:user_s01',
      action: 'deactivate',
      outcome: 'failed',
      errorCode: 'vendor_error',
      retryable: true,
      finishedAt: '2026-11-23T10:05:02.100Z',
    },
  ],
  nextCursor: null,
};

export const OffboardingDocs = {
  createPlan: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'createOffboardingPlan',
        summary:
          'Plan an offboarding: one identity, one account, or every open gap matching a filter',
        description:
          'Give exactly one of `identity` (every account of an identity of the latest stored reconciliation), ' +
          '`account` (a global id) or `gaps` (the still-active accounts of every open offboarding gap matching the ' +
          'filter). Every account is read live at its vendor, never from the directory, and gets one step: ' +
          '`deactivate`, `delete` (only at a connection named in `delete`, where the vendor can delete), `none` ' +
          '(already inactive or gone) or `unsupported`, with whether it is reversible and, where it helps, why. ' +
          'Where a vendor cannot delete, an active account is deactivated instead and the step says so. ' +
          'Planning writes nothing at any vendor. An identity or account plan answers 201, ready; a gaps plan answers ' +
          '202 `building` and is read live in the background: GET it until it is `ready` (its steps are paged).',
      }),
      ApiCreatedResponse({
        description: 'The plan, ready, with every step',
        type: PlanView,
        example: PLAN_EXAMPLE,
      }),
      ApiAcceptedResponse({
        description: 'A gaps plan, being built: GET /v1/offboarding/plans/{id} until `ready`',
        type: PlanView,
        example: { ...PLAN_EXAMPLE, status: 'building', hash: null, stepCount: 0, steps: [] },
      }),
      ApiErrors(
        'invalidBody',
        'unauthorized',
        'forbidden',
        'planNotFound',
        'rateLimited',
        ...VENDOR_ERRORS,
        ...STORE_ERRORS,
      ),
    ),
  getPlan: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'getOffboardingPlan',
        summary: 'An offboarding plan and a page of its steps',
        description:
          '`status` is `building` while a gaps plan reads its accounts, then `ready` (with its `hash`) or `failed` ' +
          '(with `error`: e.g. an account that could not be read). Steps come in pages (`limit`, `cursor`); `runId` ' +
          'names the plan’s run once executed.',
      }),
      ApiParam({ name: 'id', example: PLAN_EXAMPLE.id }),
      ApiOkResponse({ description: 'The plan', type: PlanView, example: PLAN_EXAMPLE }),
      ApiErrors('invalid', 'unauthorized', 'planNotFound', 'rateLimited', ...STORE_ERRORS),
    ),
  execute: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'executeOffboardingPlan',
        summary: 'Execute an offboarding plan (or resume its run)',
        description:
          'Needs the plan’s `hash` and an `Idempotency-Key`. A plan has one run: the first execution starts it, the ' +
          'same key replays its answer, a new key resumes it (each unfinished account is read again; only what is not ' +
          'done is written). Deactivations run first, deletes after, at most OFFBOARDING_CONCURRENCY writes at once per ' +
          'connection, each through the ordinary write path (write-through, change feed, audit) and read back. ' +
          'Refused with 409 `conflict` (`details.reason`) for a wrong hash, an expired plan (OFFBOARDING_PLAN_TTL_SECONDS), ' +
          'or accounts whose status or existence changed since planning; with 403 when the plan deletes and the key is ' +
          'not `admin`; with 400 when a connection where it deletes is not named in `confirmDelete`. Answers 202 with ' +
          'the run at once: follow it with GET /v1/offboarding/runs/{id}.',
      }),
      ApiParam({ name: 'id', example: PLAN_EXAMPLE.id }),
      ApiHeader({
        name: 'Idempotency-Key',
        required: true,
        description: '1-255 printable ASCII characters, kept 24 h per caller',
      }),
      ApiAcceptedResponse({
        description: 'The plan’s run, started, resumed or replayed',
        type: RunView,
        example: { ...RUN_EXAMPLE, status: 'running', finishedAt: null },
      }),
      ApiErrors(
        'unconfirmedPlanDelete',
        'unauthorized',
        'forbidden',
        'planNotFound',
        'planConflict',
        'rateLimited',
        ...STORE_ERRORS,
      ),
    ),
  getRun: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'getOffboardingRun',
        summary: 'An offboarding run: its status, counts per outcome and a page of its steps',
        description:
          '`running` while a process works on it (a run whose process died is taken over by the next execution once ' +
          'its lease, OFFBOARDING_LEASE_SECONDS, expired); then `succeeded`, `partial` or `failed`. Each step has its ' +
          'outcome (`pending` until dealt with), and for a failure its `errorCode` and whether retrying can help.',
      }),
      ApiParam({ name: 'id', example: RUN_EXAMPLE.id }),
      ApiOkResponse({ description: 'The run', type: RunView, example: RUN_EXAMPLE }),
      ApiErrors(
        'invalid',
        'unauthorized',
        'offboardingRunNotFound',
        'rateLimited',
        ...STORE_ERRORS,
      ),
    ),
};
