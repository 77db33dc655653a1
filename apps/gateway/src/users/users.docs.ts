import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  getSchemaPath,
} from '@nestjs/swagger';
import { CanonicalUser } from '@userbridge/canonical';
import { ApiDoc } from '../docs/api-doc';
import { ApiErrors, AUTH_ERRORS, STORE_ERRORS, VENDOR_ERRORS } from '../docs/api-responses';
import { USER_EXAMPLES } from '../docs/user-examples';
import { schemaRef, WRITE_BODIES } from '../docs/vendor-write-schemas';
import { StoredUserResponse, UserListResponse } from './dto/user-list.response';
import { IGNORED_FIELDS_HEADER } from './read-only-fields';
import { STORE_USERS_CURSOR } from './store-users.reader';
import { LIVE_USERS_CURSOR } from './users.service';

// The OpenAPI prose of /v1/users, one entry per handler of UsersController.

const USER_EXAMPLE_SET = Object.fromEntries(
  Object.entries(USER_EXAMPLES).map(([vendor, value]) => [
    vendor,
    { summary: `A ${vendor} user`, value },
  ]),
);

const IGNORED_FIELDS_DOC = {
  [IGNORED_FIELDS_HEADER]: {
    description:
      'The read-only fields the body held (a user sent back as GET answered it) and the gateway ignored, ' +
      'comma-separated, e.g. `vendorRole, createdAt, updatedAt, lastLoginAt, groups[].name`. Absent when there were none.',
    schema: {
      type: 'string' as const,
      example: 'vendorRole, createdAt, updatedAt, lastLoginAt, groups[].name',
    },
  },
};

const ROUND_TRIP =
  ' A user sent back exactly as GET answered it (also with `?include=vendorData` or `?source=store`) is accepted: ' +
  '`id`, `connection`, `vendor` and `vendorId` must name the user in the path (a different one is a 400 naming it); ' +
  '`vendorRole`, `createdAt`, `updatedAt`, `lastLoginAt`, `groups[].name`, `vendorData`, `deletedAt`, `firstSeenAt` and ' +
  '`lastSeenAt` are ignored and named in the `x-userbridge-ignored-fields` header; a null the vendor holds no value for ' +
  '(a Credira `username`) repeats what was read. Unknown fields are still refused.';

export const UsersDocs = {
  list: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'listUsers',
        summary:
          'List users of every configured vendor (or ?vendor=a,b), from the directory once synced',
        description:
          'Once every vendor asked for has been synced, the page comes from the directory (the synced copy in PostgreSQL): ' +
          'keyset pages by global id, stable while users come and go, `meta.source` = `store` and `meta.syncedAt` the time ' +
          "of each vendor's last successful sync. Only there: `updatedSince` (users whose change the directory recorded at " +
          'or after that time) and `q` (prefix of the email or a name). Users a complete sync no longer found are left out. ' +
          'With `?source=live`, `?include=vendorData`, or while a vendor asked for was never synced (named in ' +
          '`meta.notSynced`), the vendors are read now, in parallel: a vendor that fails leaves partial data and an entry in ' +
          '`errors` rather than failing the request, and a page may hold fewer than `limit` users while `nextCursor` is ' +
          'not null: keep paging until it is null.',
      }),
      ApiOkResponse({
        description: 'One page of users, with the vendors that could not be read in `errors`',
        type: UserListResponse,
        examples: {
          store: {
            summary: 'From the directory',
            value: {
              data: [USER_EXAMPLES.convirza],
              nextCursor: STORE_USERS_CURSOR.encode({ after: 'convirza:50001' }, []),
              errors: [],
              meta: {
                source: 'store',
                syncedAt: {
                  convirza: '2026-11-23T10:00:19.000Z',
                  credira: '2026-11-23T10:00:21.350Z',
                  desk: '2026-11-23T10:00:12.000Z',
                },
              },
            },
          },
          live: {
            summary: 'Live (a vendor never synced, or ?source=live)',
            value: {
              data: [USER_EXAMPLES.convirza],
              nextCursor: LIVE_USERS_CURSOR.encode({ offsets: { convirza: 50 } }, []),
              errors: [
                {
                  vendor: 'desk',
                  connection: 'desk',
                  code: 'vendor_timeout',
                  message: 'desk did not answer within 5000 ms',
                },
              ],
              meta: {
                source: 'live',
                syncedAt: { convirza: '2026-11-23T10:00:19.000Z', credira: null, desk: null },
                notSynced: ['credira', 'desk'],
              },
            },
          },
        },
      }),
      ApiErrors('invalidQuery', ...AUTH_ERRORS, ...STORE_ERRORS),
    ),
  get: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'getUser',
        summary: 'One user by global id',
        description:
          'Reads the user from its vendor (the vendor part of the id) by default (fresh) and answers it in the ' +
          "canonical shape; `?include=vendorData` adds the vendor's own payload with secrets removed. `?source=store` " +
          'answers from the directory instead, with `deletedAt` (set when a complete sync no longer found the user at ' +
          'its vendor), `firstSeenAt` and `lastSeenAt`; a user the directory never saw is a 404 there.',
      }),
      ApiParam({
        name: 'id',
        description: 'Global id `<vendor>:<vendorId>`',
        example: 'convirza:12345',
      }),
      ApiExtraModels(StoredUserResponse),
      ApiOkResponse({
        description:
          'The user, as its vendor holds it now (or, with ?source=store, as the directory last saw it)',
        content: {
          'application/json': {
            // anyOf: a stored user is a canonical user with three more fields, so oneOf would overlap.
            schema: {
              anyOf: [
                { $ref: getSchemaPath(CanonicalUser) },
                { $ref: getSchemaPath(StoredUserResponse) },
              ],
            },
            examples: {
              ...USER_EXAMPLE_SET,
              store: {
                summary: 'From the directory (?source=store), gone at its vendor',
                value: {
                  ...USER_EXAMPLES.credira,
                  deletedAt: '2026-11-23T10:00:21.350Z',
                  firstSeenAt: '2026-11-20T08:00:00.000Z',
                  lastSeenAt: '2026-11-22T10:00:20.000Z',
                },
              },
            },
          },
        },
      }),
      ApiErrors(
        'invalidId',
        'uriTooLong',
        ...AUTH_ERRORS,
        'notFound',
        ...VENDOR_ERRORS,
        ...STORE_ERRORS,
      ),
    ),
  create: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'createUser',
        summary: 'Create a user at the vendor named in the body',
        description:
          'Answers the user as the vendor holds it after the create. ' +
          "The body is checked against the vendor's rules before any call. With an `Idempotency-Key`, the same key " +
          'and body within 24 h replays the first answer without a second vendor call; the same key with another ' +
          'body is a 409. After a 502/504 whose `details.outcome` is `unknown`, retrying with the same key never ' +
          'creates a duplicate.',
      }),
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description: '1-255 printable ASCII characters, kept 24 h per caller',
      }),
      ApiBody({ schema: schemaRef(WRITE_BODIES.create) }),
      ApiCreatedResponse({
        description: 'Created (or, with `idempotent-replayed: true`, the first answer replayed)',
        type: CanonicalUser,
        examples: USER_EXAMPLE_SET,
      }),
      ApiErrors(
        'invalidBody',
        'unauthorized',
        'forbidden',
        'unsupported',
        'conflict',
        'tooLarge',
        'unsupportedMediaType',
        'rateLimited',
        ...VENDOR_ERRORS,
      ),
    ),
  replace: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'replaceUser',
        summary: 'Replace a user',
        description:
          "PUT semantics at the user's vendor: every field that vendor requires must be given (see the body's " +
          'per-vendor shapes). Answers the user as the vendor holds it afterwards. Retried once on a timeout.' +
          ROUND_TRIP,
      }),
      ApiParam({
        name: 'id',
        description: 'Global id `<vendor>:<vendorId>`',
        example: 'convirza:12345',
      }),
      ApiBody({ schema: schemaRef(WRITE_BODIES.replace) }),
      ApiOkResponse({
        description: 'The user as the vendor holds it after the replace',
        type: CanonicalUser,
        headers: IGNORED_FIELDS_DOC,
        examples: USER_EXAMPLE_SET,
      }),
      ApiErrors(
        'invalidBody',
        'invalidId',
        'uriTooLong',
        'unauthorized',
        'rateLimited',
        'forbidden',
        'notFound',
        'unsupported',
        'conflict',
        'tooLarge',
        'unsupportedMediaType',
        ...VENDOR_ERRORS,
      ),
    ),
  patch: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'patchUser',
        summary: 'Change only the fields given',
        description:
          "PATCH semantics at the user's vendor: only the fields given are sent. A vendor without partial " +
          'updates (see GET /v1/vendors) answers 405. Never retried: a failed PATCH is reported, not repeated.' +
          ROUND_TRIP,
      }),
      ApiParam({
        name: 'id',
        description: 'Global id `<vendor>:<vendorId>`',
        example: 'credira:user_123456789',
      }),
      ApiBody({ schema: schemaRef(WRITE_BODIES.patch) }),
      ApiOkResponse({
        description: 'The user as the vendor holds it after the change',
        type: CanonicalUser,
        headers: IGNORED_FIELDS_DOC,
        examples: USER_EXAMPLE_SET,
      }),
      ApiErrors(
        'invalidBody',
        'invalidId',
        'uriTooLong',
        'unauthorized',
        'rateLimited',
        'forbidden',
        'notFound',
        'unsupported',
        'conflict',
        'tooLarge',
        'unsupportedMediaType',
        ...VENDOR_ERRORS,
      ),
    ),
  delete: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'deleteUser',
        summary: 'Delete a user',
        description:
          "Deletes at the user's vendor: a soft delete where the vendor has one; where the delete is irreversible " +
          '(see GET /v1/vendors and the vendor READMEs) the call needs `?confirm=true`. A vendor without deletes answers 405.',
      }),
      ApiParam({
        name: 'id',
        description: 'Global id `<vendor>:<vendorId>`',
        example: 'convirza:12345',
      }),
      ApiNoContentResponse({ description: 'Deleted: no body' }),
      ApiErrors(
        'invalidId',
        'uriTooLong',
        'unconfirmedDelete',
        'unauthorized',
        'forbidden',
        'notFound',
        'unsupported',
        'rateLimited',
        ...VENDOR_ERRORS,
      ),
    ),
};
