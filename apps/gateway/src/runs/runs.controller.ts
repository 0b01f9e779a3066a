import { BadRequestException, Body, Controller, Delete, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { createRunRequestSchema, type CreateRunRequest } from '@parallax/contracts';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { RunsService } from './runs.service';

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');

function parseId(value: string, name: string): string {
  if (!idSchema.safeParse(value).success) throw new BadRequestException(`${name} is malformed`);
  return value;
}

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a run: compare several models, or let the router pick one' })
  @ApiBody({ schema: z.toJSONSchema(createRunRequestSchema, { unrepresentable: 'any' }) as object })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeating a request with the same key returns the same run' })
  @ApiResponse({ status: 202, description: '{ runId, mode, targets: [{ targetId, modelId }], route? }' })
  @ApiResponse({ status: 400, description: 'Validation failed; `issues` lists each failing field' })
  create(
    @Body(new ZodValidationPipe(createRunRequestSchema)) body: CreateRunRequest,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key must be 1–200 printable ASCII characters');
    }
    return this.runs.create(body, idempotencyKey);
  }

  @Get(':runId')
  @ApiOperation({ summary: "A run's status, each target's text so far and its metrics" })
  @ApiResponse({ status: 404, description: 'Unknown or expired run' })
  status(@Param('runId') runId: string) {
    return this.runs.status(parseId(runId, 'runId'));
  }

  @Delete(':runId')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel every target of a run that has not ended' })
  cancelRun(@Param('runId') runId: string) {
    return this.runs.cancel(parseId(runId, 'runId'));
  }

  @Delete(':runId/targets/:targetId')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel one target of a run' })
  cancelTarget(@Param('runId') runId: string, @Param('targetId') targetId: string) {
    return this.runs.cancel(parseId(runId, 'runId'), parseId(targetId, 'targetId'));
  }
}
