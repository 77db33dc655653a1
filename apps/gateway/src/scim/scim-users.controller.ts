import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresScope } from '../auth/auth.decorators';
import { SCIM_CONTENT_TYPE, ScimErrorFilter } from './scim-error.filter';
import { ScimConnectionGuard } from './scim-connection.guard';
import { ForScimRequest } from './scim-request';
import { ScimUserResource } from './scim-user.mapper';
import { ScimListQuery, ScimRequestContext, ScimUsersService } from './scim-users.service';

/** A single User answered with its ETag (RFC 7644 §3.14). */
function sendUser(reply: FastifyReply, resource: Record<string, unknown>, version: string) {
  void reply.header('content-type', SCIM_CONTENT_TYPE).header('etag', version);
  return resource;
}

/**
 * `/scim/v2/<connection>/Users` (RFC 7644 §3): the SCIM service provider of
 * one connection. Described by its own discovery endpoints and docs/api.md
 * ("SCIM 2.0"), not the REST API's OpenAPI document: see there why.
 */
@ApiExcludeController()
@Controller('scim/v2/:connection/Users')
@RequiresScope('scim')
@UseGuards(ScimConnectionGuard)
@UseFilters(ScimErrorFilter)
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Get()
  @Header('content-type', SCIM_CONTENT_TYPE)
  list(
    @ForScimRequest() scim: ScimRequestContext,
    @Query() query: ScimListQuery,
  ): Promise<Record<string, unknown>> {
    return this.users.list(scim, query);
  }

  @Get(':id')
  async get(
    @ForScimRequest() scim: ScimRequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Query() query: ScimListQuery,
  ): Promise<Record<string, unknown>> {
    const resource = await this.users.get(scim, id);
    return sendUser(
      reply,
      this.users.project(resource, scim.connection, query),
      resource.meta.version,
    );
  }

  @Post()
  @HttpCode(201)
  async create(
    @ForScimRequest() scim: ScimRequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<ScimUserResource> {
    const resource = await this.users.create(scim, body);
    void reply.header('location', resource.meta.location);
    return sendUser(reply, resource, resource.meta.version) as ScimUserResource;
  }

  @Put(':id')
  async replace(
    @ForScimRequest() scim: ScimRequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ScimUserResource> {
    const resource = await this.users.replace(scim, id, body, ifMatch);
    return sendUser(reply, resource, resource.meta.version) as ScimUserResource;
  }

  @Patch(':id')
  async patch(
    @ForScimRequest() scim: ScimRequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ScimUserResource> {
    const resource = await this.users.patch(scim, id, body, ifMatch);
    return sendUser(reply, resource, resource.meta.version) as ScimUserResource;
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @ForScimRequest() scim: ScimRequestContext,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.users.delete(scim, id, ifMatch);
  }
}
