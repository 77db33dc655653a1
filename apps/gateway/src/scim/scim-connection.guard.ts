import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ScimError } from '@userbridge/scim';
import { VendorRegistry } from '@userbridge/vendor-core';
import type { FastifyRequest } from 'fastify';
import '../auth/caller';

/**
 * After the global key check (which asked for the `scim` scope): the key must
 * be one of THIS connection. A SCIM key of another connection is not
 * authenticated here (401, the same answer as an unknown key), so an IdP's
 * token for one tenant can never provision another.
 */
@Injectable()
export class ScimConnectionGuard implements CanActivate {
  constructor(private readonly registry: VendorRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const connection = (request.params as Record<string, string | undefined>).connection ?? '';
    const caller = request.caller;
    if (!caller?.scopes.has('scim'))
      throw new ScimError(
        401,
        undefined,
        'Send a SCIM key of this connection as "Authorization: Bearer <key>"',
      );
    if (caller.connections !== null && !caller.connections.includes(connection))
      throw new ScimError(401, undefined, 'This key is not a SCIM key of this connection');
    if (!this.registry.has(connection))
      throw new ScimError(
        404,
        undefined,
        `No SCIM endpoint for connection "${connection.slice(0, 40)}"`,
      );
    return true;
  }
}
