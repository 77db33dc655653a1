import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import '../auth/caller';
import { RateLimitedError } from '../common/gateway-errors';

/** The named budgets: the REST API's, and the SCIM keys' own (identity providers burst far above it). */
export const REST_THROTTLER = 'default';
export const SCIM_THROTTLER = 'scim';

const isScimCaller = (context: ExecutionContext): boolean =>
  context.switchToHttp().getRequest<FastifyRequest>().caller?.scopes.has('scim') === true;

/**
 * The two budgets: a `scim` key counts against `SCIM_RATE_LIMIT_PER_MINUTE`
 * only, every other caller against `RATE_LIMIT_PER_MINUTE` only. A limit of
 * 0 turns its budget off.
 */
export function throttlerBudgets(restPerMinute: number, scimPerMinute: number): ThrottlerOptions[] {
  return [
    {
      name: REST_THROTTLER,
      ttl: 60_000,
      limit: Math.max(1, restPerMinute),
      skipIf: (context) => restPerMinute === 0 || isScimCaller(context),
    },
    {
      name: SCIM_THROTTLER,
      ttl: 60_000,
      limit: Math.max(1, scimPerMinute),
      skipIf: (context) => scimPerMinute === 0 || !isScimCaller(context),
    },
  ];
}

/**
 * Rate limits per API key (the caller the auth guard identified), falling back
 * to the client address. One budget per key across every route: the key is
 * the tracker alone, not the route (the library's default would give each
 * route a budget of its own). Open routes (health, readiness, metrics) are
 * not limited.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  /**
   * A request no budget counts (a REST caller while RATE_LIMIT_PER_MINUTE is
   * 0, the guard being installed for the SCIM budget alone, or a scim key
   * while SCIM_RATE_LIMIT_PER_MINUTE is 0) goes through at once: the
   * library's own path would reach the same answer only after reading the
   * route's decorators for each budget, on every request of the hot path.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const skips = (budget: ThrottlerOptions) =>
      (budget.skipIf ?? this.commonOptions.skipIf)?.(context) === true;
    if (this.throttlers.every(skips)) return true;
    return super.canActivate(context);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const caller = (request as { caller?: { digest: Buffer } }).caller;
    return caller ? `key:${caller.digest.toString('base64url')}` : `ip:${String(request.ip)}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? false
    );
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const budget = detail.key.startsWith(`${SCIM_THROTTLER}:`)
      ? 'SCIM_RATE_LIMIT_PER_MINUTE, shared by the SCIM endpoints'
      : 'RATE_LIMIT_PER_MINUTE, shared by every route';
    throw new RateLimitedError(
      `This key is over its rate limit (${budget}); retry after the Retry-After seconds`,
      Math.max(1, Math.ceil(detail.timeToBlockExpire)),
    );
  }
}
