import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('userbridge')
    .setDescription(
      "One canonical user model and one REST surface over several vendors' user APIs.\n\n" +
        'Authenticate with `Authorization: Bearer <key>` or `X-API-Key: <key>` (keys from `GATEWAY_API_KEYS`; ' +
        '`read` keys may call every GET, writes need a `write` key). Every error answers ' +
        '`{ "error": { "code", "message", "vendor"?, "details"?, "requestId" } }`, and every answer carries `x-request-id`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A gateway key' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json, both open. */
export function mountSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
