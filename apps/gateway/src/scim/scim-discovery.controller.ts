import {
  Controller,
  Delete,
  Get,
  Patch,
  Post,
  Put,
  Param,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  SCIM_LIST_RESPONSE,
  SCIM_RESOURCE_TYPE,
  SCIM_SCHEMA,
  SCIM_SERVICE_PROVIDER_CONFIG,
  SCIM_USER_SCHEMA,
  ScimError,
  ScimSchemaDefinition,
} from '@userbridge/scim';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequiresScope } from '../auth/auth.decorators';
import { SCIM_CONTENT_TYPE, ScimErrorFilter } from './scim-error.filter';
import { ScimConnectionGuard } from './scim-connection.guard';
import { scimRequestContext } from './scim-request';
import { ScimUsersService } from './scim-users.service';

const DISCOVERY_PATHS = [
  'ServiceProviderConfig',
  'ResourceTypes',
  'ResourceTypes/:name',
  'Schemas',
  'Schemas/:urn',
];

/** RFC 7644 §4: discovery takes no filter (403) and no write (405). */
function discoveryOnly(query: Record<string, unknown>): void {
  if (query.filter !== undefined)
    throw new ScimError(403, undefined, 'Discovery endpoints take no filter');
}

function listResponse(resources: unknown[]): Record<string, unknown> {
  return {
    schemas: [SCIM_LIST_RESPONSE],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/**
 * `ServiceProviderConfig`, `ResourceTypes` and `Schemas` of one connection
 * (RFC 7644 §4): truthful per connection, so a desk connection never claims
 * an attribute the desk cannot store.
 */
@ApiExcludeController()
@Controller('scim/v2/:connection')
@RequiresScope('scim')
@UseGuards(ScimConnectionGuard)
@UseFilters(ScimErrorFilter)
export class ScimDiscoveryController {
  constructor(private readonly users: ScimUsersService) {}

  @Get('ServiceProviderConfig')
  serviceProviderConfig(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Record<string, unknown> {
    discoveryOnly(query);
    const scim = scimRequestContext(request);
    const profile = this.users.profile(scim.connection);
    void reply.header('content-type', SCIM_CONTENT_TYPE);
    return {
      schemas: [SCIM_SERVICE_PROVIDER_CONFIG],
      documentationUri: 'https://github.com/userbridge/userbridge/blob/main/docs/api.md#scim-20',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: this.users.maxResults },
      // A password is taken on create and replace only where the vendor has one to set.
      changePassword: { supported: profile.takesPassword },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer key',
          description:
            'A gateway key of scope "scim" for this connection, sent as "Authorization: Bearer <key>"',
          primary: true,
        },
      ],
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: `${scim.origin}/scim/v2/${scim.connection}/ServiceProviderConfig`,
      },
    };
  }

  @Get('ResourceTypes')
  resourceTypes(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Record<string, unknown> {
    discoveryOnly(query);
    void reply.header('content-type', SCIM_CONTENT_TYPE);
    return listResponse([this.userResourceType(request)]);
  }

  @Get('ResourceTypes/:name')
  resourceType(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('name') name: string,
    @Query() query: Record<string, unknown>,
  ): Record<string, unknown> {
    discoveryOnly(query);
    if (name !== 'User')
      throw new ScimError(404, undefined, `No resource type "${name.slice(0, 80)}": only User`);
    void reply.header('content-type', SCIM_CONTENT_TYPE);
    return this.userResourceType(request);
  }

  @Get('Schemas')
  schemas(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Record<string, unknown> {
    discoveryOnly(query);
    void reply.header('content-type', SCIM_CONTENT_TYPE);
    return listResponse(this.schemaResources(request));
  }

  @Get('Schemas/:urn')
  schema(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('urn') urn: string,
    @Query() query: Record<string, unknown>,
  ): Record<string, unknown> {
    discoveryOnly(query);
    const found = this.schemaResources(request).find((schema) => schema.id === urn);
    if (!found)
      throw new ScimError(404, undefined, `No schema "${urn.slice(0, 120)}" at this connection`);
    void reply.header('content-type', SCIM_CONTENT_TYPE);
    return found;
  }

  @Post(DISCOVERY_PATHS)
  refusePost(@Req() request: FastifyRequest): never {
    return this.refuseWrites(request);
  }

  @Put(DISCOVERY_PATHS)
  refusePut(@Req() request: FastifyRequest): never {
    return this.refuseWrites(request);
  }

  @Patch(DISCOVERY_PATHS)
  refusePatch(@Req() request: FastifyRequest): never {
    return this.refuseWrites(request);
  }

  @Delete(DISCOVERY_PATHS)
  refuseDelete(@Req() request: FastifyRequest): never {
    return this.refuseWrites(request);
  }

  private refuseWrites(request: FastifyRequest): never {
    throw new ScimError(
      405,
      undefined,
      `${request.method} is not allowed: discovery endpoints are read-only`,
    );
  }

  private userResourceType(request: FastifyRequest): Record<string, unknown> {
    const scim = scimRequestContext(request);
    const schema = this.users.schema(scim.connection);
    return {
      schemas: [SCIM_RESOURCE_TYPE],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCIM_USER_SCHEMA,
      schemaExtensions: schema.extensions.map((extension) => ({
        schema: extension.id,
        required: false,
      })),
      meta: {
        resourceType: 'ResourceType',
        location: `${scim.origin}/scim/v2/${scim.connection}/ResourceTypes/User`,
      },
    };
  }

  private schemaResources(request: FastifyRequest): (Record<string, unknown> & { id: string })[] {
    const scim = scimRequestContext(request);
    const schema = this.users.schema(scim.connection);
    const resource = (definition: ScimSchemaDefinition) => ({
      schemas: [SCIM_SCHEMA],
      id: definition.id,
      name: definition.name,
      description: definition.description,
      attributes: definition.attributes,
      meta: {
        resourceType: 'Schema',
        location: `${scim.origin}/scim/v2/${scim.connection}/Schemas/${definition.id}`,
      },
    });
    return [resource(schema.core), ...schema.extensions.map(resource)];
  }
}
