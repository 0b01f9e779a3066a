import { BadRequestException, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  OPS_WINDOWS,
  opsJobIdSchema,
  opsLaneSchema,
  opsWindowSchema,
  type FailedJobsResponse,
  type OpsActionResponse,
  type OpsOverviewResponse,
} from '@parallax/contracts';
import { LaneOps } from './lane-ops.service';
import { OpsTokenGuard } from './ops-auth';
import { OpsService } from './ops.service';

function parse<T extends z.ZodType>(schema: T, value: unknown, name: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequestException(`${name}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data;
}

const laneParam = { name: 'lane', description: 'Provider lane (queue `inference.<lane>`); unknown lanes answer 404' };
const jobParam = { name: 'jobId', description: '`<runId>.<targetId>`' };

@ApiTags('ops')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or wrong operator token' })
@ApiResponse({ status: 503, description: 'PARALLAX_OPS_TOKEN is not set: the operator API is disabled' })
@UseGuards(OpsTokenGuard)
@Controller('ops')
export class OpsController {
  constructor(
    private readonly ops: OpsService,
    private readonly lanes: LaneOps,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: 'Every lane’s queue counts and workers, joined with each model’s service levels over a window' })
  @ApiQuery({ name: 'window', required: false, enum: Object.keys(OPS_WINDOWS), description: 'Default 5m' })
  overview(@Query('window') window?: string): Promise<OpsOverviewResponse> {
    return this.ops.overview(parse(opsWindowSchema, window ?? '5m', 'window'));
  }

  @Get('failed')
  @ApiOperation({ summary: 'Failed jobs, newest first, of one lane or of every lane' })
  @ApiQuery({ name: 'lane', required: false })
  async failed(@Query('lane') lane?: string): Promise<FailedJobsResponse> {
    return { jobs: await this.lanes.failed(lane === undefined ? undefined : parse(opsLaneSchema, lane, 'lane')) };
  }

  @Post('lanes/:lane/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a lane: workers finish running jobs and take no new ones' })
  @ApiParam(laneParam)
  pause(@Param('lane') lane: string): Promise<OpsActionResponse> {
    return this.lanes.pause(parse(opsLaneSchema, lane, 'lane'));
  }

  @Post('lanes/:lane/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused lane' })
  @ApiParam(laneParam)
  resume(@Param('lane') lane: string): Promise<OpsActionResponse> {
    return this.lanes.resume(parse(opsLaneSchema, lane, 'lane'));
  }

  @Post('lanes/:lane/drain')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove every waiting or delayed job of a lane; their targets end as cancelled' })
  @ApiParam(laneParam)
  drain(@Param('lane') lane: string): Promise<OpsActionResponse> {
    return this.lanes.drain(parse(opsLaneSchema, lane, 'lane'));
  }

  @Post('jobs/:lane/:jobId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-run a failed job’s target inside its run (a new attempt is streamed to the run)' })
  @ApiParam(laneParam)
  @ApiParam(jobParam)
  @ApiResponse({ status: 409, description: 'The job is not failed, or its run expired' })
  retry(@Param('lane') lane: string, @Param('jobId') jobId: string): Promise<OpsActionResponse> {
    return this.lanes.retry(parse(opsLaneSchema, lane, 'lane'), parse(opsJobIdSchema, jobId, 'jobId'));
  }

  @Delete('jobs/:lane/:jobId')
  @ApiOperation({ summary: 'Remove a job that is not running; a target that had not ended yet ends as cancelled' })
  @ApiParam(laneParam)
  @ApiParam(jobParam)
  @ApiResponse({ status: 409, description: 'The job is running' })
  remove(@Param('lane') lane: string, @Param('jobId') jobId: string): Promise<OpsActionResponse> {
    return this.lanes.remove(parse(opsLaneSchema, lane, 'lane'), parse(opsJobIdSchema, jobId, 'jobId'));
  }
}
