import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import '../auth/caller';
import { RateLimitedError } from '../common/gateway-errors';

/**
 * Rate limits per API key (the caller the auth guard identified), falling back
 * to the client address. One budget per key across every route: the key is
 * the tracker alone, not the route (the library's default would give each
 * route a budget of its own). Open routes (health, readiness, metrics) are
 * not limited.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
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
    throw new RateLimitedError(
      'This key is over its rate limit (RATE_LIMIT_PER_MINUTE, shared by every route); retry after the Retry-After seconds',
      Math.max(1, Math.ceil(detail.timeToBlockExpire)),
    );
  }
}
