import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import '../auth/caller';

/**
 * Rate limits per API key (the caller the auth guard identified), falling back
 * to the client address. Open routes (health, readiness, metrics) are not limited.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const caller = (request as { caller?: { digest: Buffer } }).caller;
    return caller ? `key:${caller.digest.toString('base64url')}` : `ip:${String(request.ip)}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? false
    );
  }
}
