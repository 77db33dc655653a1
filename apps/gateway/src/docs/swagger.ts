import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { VendorRegistry } from '@userbridge/vendor-core';
import { ErrorBody } from '../common/error-body.dto';
import { UserWriteDto } from '../users/dto/user-write.dto';
import { documentResponseHeaders } from './response-headers';
import { describeVendorWrites, enumerateVendorParameters } from './vendor-write-schemas';

const DESCRIPTION =
  "One canonical user model and one REST surface over several vendors' user APIs.\n\n" +
  'Authenticate with `Authorization: Bearer <key>` or `X-API-Key: <key>` (keys from `GATEWAY_API_KEYS`; ' +
  '`read` keys may call every GET, writes need a `write` key). `/health` and `/ready` are open. ' +
  'Every error answers `{ "error": { "code", "message", "vendor"?, "details"?, "requestId" } }`, ' +
  'and every answer carries `x-request-id`.';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('userbridge')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense(
      'UNLICENSED (proprietary: no rights granted outside the company)',
      // What npm's UNLICENSED (package.json) means.
      'https://docs.npmjs.com/cli/v11/configuring-npm/package-json#license',
    )
    .addServer('/', 'The gateway serving this document')
    .addTag('users', 'Users of every configured vendor, read and written in one canonical shape')
    .addTag('identities', 'Reconciliation: accounts of one person across vendors, and conflicts')
    .addTag('sync', 'The directory: syncs of every vendor into the store, and their runs')
    .addTag('changes', 'The change feed: every change the directory recorded, in order')
    .addTag(
      'offboarding',
      'Closing offboarding gaps: plans read live and write nothing; runs deactivate, then delete, resumably',
    )
    .addTag(
      'audit',
      'The audit trail: one append-only, hash-chained entry per write made through the gateway (admin)',
    )
    .addTag(
      'connections',
      'The configured connections (accounts at vendors), what each supports, and their health',
    )
    .addTag('operations', 'Liveness and readiness probes (open, no key)')
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'A gateway key from `GATEWAY_API_KEYS` (an opaque string, not a JWT)',
    })
    .addSecurity('api-key', {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: 'The same gateway key, in its own header',
    })
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorBody, UserWriteDto],
  });
  const adapters = app.get(VendorRegistry).all();
  describeVendorWrites(document, adapters);
  enumerateVendorParameters(document);
  documentResponseHeaders(document);
  return document;
}

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json, both open. */
export function mountSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
