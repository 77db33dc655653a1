import { Provider, Type } from '@nestjs/common';
import { ScimConnectionGuard } from './scim-connection.guard';
import { ScimDiscoveryController } from './scim-discovery.controller';
import { ScimFirstSync } from './scim-first-sync.service';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

/**
 * The SCIM 2.0 service provider (one per connection under `/scim/v2/<connection>/`).
 * Its parts are declared here and mounted in the application module, beside
 * the write pipeline, registry and sync coordinator they use: they need no
 * module boundary of their own, and a second instance of those would be a bug.
 */
export const SCIM_CONTROLLERS: Type<unknown>[] = [ScimDiscoveryController, ScimUsersController];
export const SCIM_PROVIDERS: Provider[] = [ScimUsersService, ScimFirstSync, ScimConnectionGuard];
