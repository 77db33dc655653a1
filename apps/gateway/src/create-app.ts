import { NestFactory } from '@nestjs/core';
import { type Directory, openDirectory } from '@userbridge/directory';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { BODY_LIMIT_BYTES } from './common/body-limit';
import { edgeErrorHandlers } from './common/edge-errors';
import { acceptJsonBodiesOnly } from './common/json-body';
import { requestIdFor } from './common/request-id';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { GatewayConfig } from './config/gateway-config';
import { mountSwagger } from './docs/swagger';
import { createLoggers } from './observability/logger';
import { GatewayMetrics } from './observability/metrics';
import { NestBootLogger } from './observability/nest-boot-logger';
import { NestPinoLogger } from './observability/nest-logger';
import { observeRequests } from './observability/request-observer';
import { directoryOptions } from './directory/directory-options';
import type { WebhookResolver } from './webhooks/ssrf-guard';

export interface CreateAppOptions {
  /** Where JSON log lines go (default stdout); tests capture them here. */
  logDestination?: DestinationStream;
  /**
   * An open directory to use instead of opening the configured one; the caller
   * owns it and closes it (several apps in one process may share one).
   */
  directory?: Directory;
  /** How webhook target hosts are resolved (default: the system's DNS); tests answer without DNS. */
  webhookResolver?: WebhookResolver;
}

/** Builds the gateway exactly as `npm start` runs it; e2e tests call this too. */
export async function createGatewayApp(
  config: GatewayConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const loggers = createLoggers(config.logLevel, options.logDestination);
  const metrics = new GatewayMetrics(config.connections);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    routerOptions: { maxParamLength: 1000 },
    // No Nest middleware is used: without middie, no request pays its onRequest matching.
    skipMiddie: true,
    ...edgeErrorHandlers(metrics, loggers.fixed),
  });
  // Opened before Nest starts: a database it cannot reach is a DirectoryOpenError
  // for the caller to report in one line, not a stack printed by Nest's boot.
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await openDirectory(directoryOptions(config)));
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, {
        loggers,
        metrics,
        directory,
        ownsDirectory,
        webhookResolver: options.webhookResolver,
      }),
      adapter,
      {
        bufferLogs: true,
        abortOnError: false,
        // Nest's parsers would add forms; acceptJsonBodiesOnly is the one parser.
        bodyParser: false,
      },
    );
  } catch (error) {
    if (ownsDirectory) await directory.close();
    throw error;
  }
  app.useLogger(new NestBootLogger(new NestPinoLogger(loggers.root)));

  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify);
  const security = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security).header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    loggers.flush();
    done();
  });
  observeRequests(fastify, metrics, loggers.fixed);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed'],
    });
  }
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  mountSwagger(app);
  await app.init();
  return app;
}
