import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { callerScope } from '../auth/caller';
import { visibilityOf } from '../auth/visibility';
import { callContextOf } from '../common/call-context.decorator';
import type { ExecuteCaller } from './offboarding-executor.service';

/** Who plans or executes an offboarding: the key's label, what it may see and whether it may delete. */
export function offboardingCallerOf(request: FastifyRequest): ExecuteCaller {
  return {
    actor: request.caller?.label ?? null,
    visibility: visibilityOf(request),
    admin: request.caller?.scopes.has('admin') ?? false,
    scope: callerScope(request),
    context: callContextOf(request),
  };
}

/** Injects the request's ExecuteCaller (a PlanCaller too) into a handler. */
export const ForOffboardingCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ExecuteCaller =>
    offboardingCallerOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
