import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getStorageToken, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ApiKeyEntry, describeScopes, findKey, KeyScope, scopeAllows } from '../config/api-keys';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { ForbiddenError, RateLimitedError, UnauthorizedError } from '../common/gateway-errors';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';
import './caller';

/** The key a caller presented: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : null;
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
}

/**
 * A valid key without the scope is a 403 (the caller is known, the operation is
 * not theirs), a `scim`-only key on the REST API included: it authenticated.
 */
export function forbiddenMessage(entry: ApiKeyEntry, needed: KeyScope): string {
  if (!entry.scopes.has('read'))
    return 'This key has the "scim" scope only: it serves the SCIM endpoints, not the REST API';
  return `This key has the scopes ${describeScopes(entry)}; this operation needs "${needed}"`;
}

/** What a route asks of its callers, read from its decorators. */
interface RouteAuth {
  open: boolean;
  needed: KeyScope;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  // Decorators are fixed at boot: each route's are read once, not on every request.
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAuth>>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(getStorageToken()) private readonly attempts: ThrottlerStorage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.routeAuth(context.getHandler(), context.getClass());
    if (route.open) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = presentedKey(request);
    if (key === null) {
      await this.countFailure(request);
      throw new UnauthorizedError(
        'Send your gateway key as "Authorization: Bearer <key>" or "X-API-Key: <key>"',
      );
    }
    const entry = findKey(this.config.apiKeys, key);
    if (!entry) {
      await this.countFailure(request);
      throw new UnauthorizedError('The gateway key is not valid');
    }

    const { needed } = route;
    if (!scopeAllows(entry, needed)) throw new ForbiddenError(forbiddenMessage(entry, needed));
    request.caller = entry;
    return true;
  }

  private routeAuth(handler: object, controller: object): RouteAuth {
    let byController = this.routes.get(handler);
    if (!byController) this.routes.set(handler, (byController = new WeakMap()));
    let route = byController.get(controller);
    if (!route) {
      const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
      route = {
        open: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
        needed: this.reflector.getAllAndOverride<KeyScope>(REQUIRED_SCOPE, targets) ?? 'read',
      };
      byController.set(controller, route);
    }
    return route;
  }

  /**
   * Failed authentications are limited per client address, so guessing keys
   * meets a 429 long before it could succeed. Valid keys from the same address
   * are not held back: their limit is their own budget.
   */
  private async countFailure(request: FastifyRequest): Promise<void> {
    const { isBlocked, timeToBlockExpire } = await this.attempts.increment(
      `auth-failures:${request.ip}`,
      60_000,
      this.config.authFailuresPerMinute,
      60_000,
      'auth-failures',
    );
    if (isBlocked) {
      throw new RateLimitedError(
        'Too many failed authentications from this address; retry after the Retry-After seconds',
        Math.max(1, timeToBlockExpire),
      );
    }
  }
}
