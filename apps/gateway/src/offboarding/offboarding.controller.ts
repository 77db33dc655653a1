import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresScope } from '../auth/auth.decorators';
import { CallerVisibility, Visibility } from '../auth/visibility';
import {
  CreatePlanDto,
  ExecutePlanDto,
  PageQueryDto,
  PlanView,
  RunView,
} from './dto/offboarding.dto';
import { ForOffboardingCaller } from './offboarding-caller.decorator';
import { ExecuteCaller, OffboardingExecutor } from './offboarding-executor.service';
import { OffboardingPlanner } from './offboarding-planner.service';
import { OffboardingDocs } from './offboarding.docs';

@ApiTags('offboarding')
@Controller('v1/offboarding')
export class OffboardingController {
  constructor(
    private readonly planner: OffboardingPlanner,
    private readonly executor: OffboardingExecutor,
  ) {}

  // 201 with a plan ready now; 202 with a gaps plan still being built.
  @Post('plans')
  @RequiresScope('write')
  @HttpCode(201)
  @OffboardingDocs.createPlan()
  async createPlan(
    @Body() body: CreatePlanDto,
    @ForOffboardingCaller() caller: ExecuteCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanView> {
    const { status, plan } = await this.planner.create(body, caller);
    void reply.status(status);
    return plan;
  }

  @Get('plans/:id')
  @OffboardingDocs.getPlan()
  getPlan(
    @Param('id') id: string,
    @Query() query: PageQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<PlanView> {
    return this.planner.get(id, visibility, query);
  }

  @Post('plans/:id/execute')
  @RequiresScope('write')
  @HttpCode(202)
  @OffboardingDocs.execute()
  execute(
    @Param('id') id: string,
    @Body() body: ExecutePlanDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @ForOffboardingCaller() caller: ExecuteCaller,
  ): Promise<RunView> {
    return this.executor.execute(id, body, idempotencyKey, caller);
  }

  @Get('runs/:id')
  @OffboardingDocs.getRun()
  getRun(
    @Param('id') id: string,
    @Query() query: PageQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<RunView> {
    return this.executor.get(id, visibility, query);
  }
}
