import {
  All,
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CanonicalUser } from '@userbridge/canonical';
import { InvalidRequestError } from '@userbridge/errors';
import { CallContext } from '@userbridge/vendor-core';
import { ForRequest } from '../common/call-context.decorator';
import { GetUserQueryDto, ListUsersQueryDto } from './dto/list-users.query.dto';
import { UserListResponse } from './dto/user-list.response';
import { UsersReader } from './users.reader';
import { UsersDocs } from './users.docs';
import { CreateUserDto, DeleteUserQueryDto, UserUpdateDto } from './dto/user-write.dto';
import { IGNORED_FIELDS_HEADER } from './read-only-fields';
import { restWriteOrigin, RestWrite } from '../write-path/rest-write-origin';
import { UpdateResult, UserWritePipeline } from '../write-path/user-write.pipeline';
import { WriteOrigin } from '../write-path/write-hooks';
import { RequiresScope } from '../auth/auth.decorators';
import { callerScope } from '../auth/caller';
import { CallerVisibility, Visibility } from '../auth/visibility';

/** The user written, with the read-only fields the body held and the gateway ignored named in a header. */
function answerUpdate(reply: FastifyReply, result: UpdateResult): CanonicalUser {
  if (result.ignored.length > 0)
    void reply.header(IGNORED_FIELDS_HEADER, result.ignored.join(', '));
  return result.user;
}

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersReader,
    private readonly writes: UserWritePipeline,
  ) {}

  @Get()
  @UsersDocs.list()
  list(
    @Query() query: ListUsersQueryDto,
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<UserListResponse> {
    return this.users.list(query, context, visibility);
  }

  @Get(':id')
  @UsersDocs.get()
  get(
    @Param('id') id: string,
    @Query() query: GetUserQueryDto,
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<CanonicalUser> {
    return this.users.get(id, query, context, visibility);
  }

  @Post()
  @RequiresScope('write')
  @HttpCode(201)
  @UsersDocs.create()
  async create(
    @Body() body: CreateUserDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CanonicalUser> {
    const { vendor, connection, ...fields } = body;
    const result = await this.writes.create(
      { vendor, connection },
      fields,
      restWriteOrigin(request),
      {
        key: idempotencyKey,
        scope: callerScope(request),
      },
    );
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Put(':id')
  @RequiresScope('write')
  @UsersDocs.replace()
  async replace(
    @Param('id') id: string,
    @Body() body: UserUpdateDto,
    @RestWrite() origin: WriteOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CanonicalUser> {
    return answerUpdate(reply, await this.writes.replace(id, body, origin));
  }

  @Patch(':id')
  @RequiresScope('write')
  @UsersDocs.patch()
  async patch(
    @Param('id') id: string,
    @Body() body: UserUpdateDto,
    @RestWrite() origin: WriteOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CanonicalUser> {
    return answerUpdate(reply, await this.writes.patch(id, body, origin));
  }

  @Delete(':id')
  @RequiresScope('admin')
  @HttpCode(204)
  @UsersDocs.delete()
  async delete(
    @Param('id') id: string,
    @Query() query: DeleteUserQueryDto,
    @RestWrite() origin: WriteOrigin,
  ): Promise<void> {
    await this.writes.delete(id, { confirm: query.confirm === 'true' }, origin);
  }

  /** A slash inside an id (raw or decoded) would otherwise read as another route. */
  @All(':id/*')
  @ApiExcludeEndpoint()
  rejectNestedPath(): never {
    throw new InvalidRequestError('A user id cannot contain "/": expected <vendor>:<vendorId>', {
      problems: [{ field: 'id', message: 'contains "/"' }],
    });
  }
}
