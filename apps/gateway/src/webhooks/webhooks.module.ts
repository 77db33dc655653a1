import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DIRECTORY, Directory } from '@userbridge/directory';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config';
import { GatewayMetrics } from '../observability/metrics';
import { systemResolver, TargetGuard, WebhookResolver } from './ssrf-guard';
import { WEBHOOK_GUARD, WEBHOOK_SETTINGS } from './webhook.tokens';
import { WebhookSender } from './webhook.sender';
import { WebhookWorker } from './webhook.worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Starts the worker once the app is up; stops it (sends under way recorded) before the directory closes. */
@Injectable()
class WebhookLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(WebhookWorker) private readonly worker: WebhookWorker) {}

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

export interface WebhooksRuntime {
  metrics: GatewayMetrics;
  logger: Logger;
  /** How target hosts are resolved (tests answer without DNS). */
  resolver?: WebhookResolver;
}

@Module({})
export class WebhooksModule {
  static forRoot(config: GatewayConfig, runtime: WebhooksRuntime): DynamicModule {
    const guard = new TargetGuard(config.webhooks, runtime.resolver ?? systemResolver);
    return {
      module: WebhooksModule,
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOK_SETTINGS, useValue: config.webhooks },
        { provide: WEBHOOK_GUARD, useValue: guard },
        {
          provide: WebhookWorker,
          useFactory: (directory: Directory) =>
            new WebhookWorker(
              directory,
              new WebhookSender(guard, config.webhooks.timeoutMs),
              config.webhooks,
              runtime.metrics,
              runtime.logger.child({ context: 'Webhooks' }),
            ),
          inject: [DIRECTORY],
        },
        WebhooksService,
        WebhookLifecycle,
      ],
    };
  }
}
