import {
  applyDecorators,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Param,
  RequestMethod,
  RequestMapping,
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
import type { FastifyRequest } from 'fastify';
import { RequiresScope } from '../auth/auth.decorators';
import { SCIM_CONTENT_TYPE, ScimErrorFilter } from './scim-error.filter';
import { ScimConnectionGuard } from './scim-connection.guard';
import { ForScimRequest } from './scim-request';
import { ScimRequestContext, ScimUsersService } from './scim-users.service';

const DISCOVERY_PATHS = [
  'ServiceProviderConfig',
  'ResourceTypes',
  'ResourceTypes/:name',
  'Schemas',
  'Schemas/:urn',
];

/** RFC 7644 §4: discovery takes no filter (403). */
const NO_FILTER: CanActivate = {
  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<
      string,
      unknown
    >;
    if (query.filter !== undefined)
      throw new ScimError(403, undefined, 'Discovery endpoints take no filter');
    return true;
  },
};

/** A discovery read: refuses a filter, answers SCIM JSON. */
const DiscoveryRead = (path: string): MethodDecorator =>
  applyDecorators(Get(path), UseGuards(NO_FILTER), Header('content-type', SCIM_CONTENT_TYPE));

/**
 * RFC 7644 §4: discovery takes no write (405). One refusal answers every write
 * verb on `paths`; Nest routes one verb per method, so it is mounted once per
 * verb, as `refusePOST`, `refusePUT`, ….
 */
function RefuseWrites(paths: string[]): ClassDecorator {
  return (target) => {
    for (const verb of [
      RequestMethod.POST,
      RequestMethod.PUT,
      RequestMethod.PATCH,
      RequestMethod.DELETE,
    ]) {
      const name = RequestMethod[verb];
      const descriptor: PropertyDescriptor = {
        value: (): never => {
          throw new ScimError(
            405,
            undefined,
            `${name} is not allowed: discovery endpoints are read-only`,
          );
        },
        configurable: true,
        writable: true,
      };
      Object.defineProperty(target.prototype, `refuse${name}`, descriptor);
      RequestMapping({ path: paths, method: verb })(target.prototype, `refuse${name}`, descriptor);
    }
  };
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
@RefuseWrites(DISCOVERY_PATHS)
export class ScimDiscoveryController {
  constructor(private readonly users: ScimUsersService) {}

  @DiscoveryRead('ServiceProviderConfig')
  serviceProviderConfig(@ForScimRequest() scim: ScimRequestContext): Record<string, unknown> {
    const profile = this.users.profile(scim.connection);
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

  @DiscoveryRead('ResourceTypes')
  resourceTypes(@ForScimRequest() scim: ScimRequestContext): Record<string, unknown> {
    return listResponse([this.userResourceType(scim)]);
  }

  @DiscoveryRead('ResourceTypes/:name')
  resourceType(
    @ForScimRequest() scim: ScimRequestContext,
    @Param('name') name: string,
  ): Record<string, unknown> {
    if (name !== 'User')
      throw new ScimError(404, undefined, `No resource type "${name.slice(0, 80)}": only User`);
    return this.userResourceType(scim);
  }

  @DiscoveryRead('Schemas')
  schemas(@ForScimRequest() scim: ScimRequestContext): Record<string, unknown> {
    return listResponse(this.schemaResources(scim));
  }

  @DiscoveryRead('Schemas/:urn')
  schema(
    @ForScimRequest() scim: ScimRequestContext,
    @Param('urn') urn: string,
  ): Record<string, unknown> {
    const found = this.schemaResources(scim).find((schema) => schema.id === urn);
    if (!found)
      throw new ScimError(404, undefined, `No schema "${urn.slice(0, 120)}" at this connection`);
    return found;
  }

  private userResourceType(scim: ScimRequestContext): Record<string, unknown> {
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

  private schemaResources(scim: ScimRequestContext): (Record<string, unknown> & { id: string })[] {
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
