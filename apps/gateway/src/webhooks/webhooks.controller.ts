import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequiresScope } from '../auth/auth.decorators';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  ListWebhooksQueryDto,
  QueuedMessageResponse,
  ReplayWebhookDto,
  RotatedSecretResponse,
  UpdateWebhookDto,
  WebhookDeliveriesResponse,
  WebhookListResponse,
  WebhookResponse,
} from './dto/webhooks.dto';
import { ForWebhookCaller, WebhookCaller } from './webhook-caller.decorator';
import { WebhooksDocs } from './webhooks.docs';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@RequiresScope('admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @WebhooksDocs.create()
  create(
    @Body() body: CreateWebhookDto,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(body, caller);
  }

  @Get()
  @WebhooksDocs.list()
  list(
    @Query() query: ListWebhooksQueryDto,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<WebhookListResponse> {
    return this.webhooks.list(query, caller);
  }

  @Get(':id')
  @WebhooksDocs.get()
  get(
    @Param('id') id: string,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<WebhookResponse> {
    return this.webhooks.get(id, caller);
  }

  @Patch(':id')
  @WebhooksDocs.update()
  update(
    @Param('id') id: string,
    @Body() body: UpdateWebhookDto,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<WebhookResponse> {
    return this.webhooks.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @WebhooksDocs.delete()
  remove(@Param('id') id: string, @ForWebhookCaller() caller: WebhookCaller): Promise<void> {
    return this.webhooks.remove(id, caller);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @WebhooksDocs.rotateSecret()
  rotate(
    @Param('id') id: string,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<RotatedSecretResponse> {
    return this.webhooks.rotateSecret(id, caller);
  }

  @Post(':id/ping')
  @HttpCode(202)
  @WebhooksDocs.ping()
  ping(
    @Param('id') id: string,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<QueuedMessageResponse> {
    return this.webhooks.ping(id, caller);
  }

  @Get(':id/deliveries')
  @WebhooksDocs.deliveries()
  deliveries(
    @Param('id') id: string,
    @Query() query: ListDeliveriesQueryDto,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<WebhookDeliveriesResponse> {
    return this.webhooks.deliveries(id, query, caller);
  }

  @Post(':id/deliveries/:messageId/redeliver')
  @HttpCode(202)
  @WebhooksDocs.redeliver()
  redeliver(
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<QueuedMessageResponse> {
    return this.webhooks.redeliver(id, messageId, caller);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @WebhooksDocs.replay()
  replay(
    @Param('id') id: string,
    @Body() body: ReplayWebhookDto,
    @ForWebhookCaller() caller: WebhookCaller,
  ): Promise<WebhookResponse> {
    return this.webhooks.replay(id, body.after, caller);
  }
}
