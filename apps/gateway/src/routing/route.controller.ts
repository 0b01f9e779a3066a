import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { routeRequestSchema, type RouteDecision, type RouteRequest } from '@parallax/contracts';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { RouterClient } from './router-client';

@ApiTags('routing')
@Controller('route')
export class RouteController {
  constructor(private readonly router: RouterClient) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "The routed-mode decision for a conversation, without running it: intent, probabilities, model, reason" })
  @ApiBody({ schema: z.toJSONSchema(routeRequestSchema, { unrepresentable: 'any' }) as object })
  @ApiResponse({ status: 200, description: 'RouteDecision; `fallback: true` when the router did not answer in time' })
  route(@Body(new ZodValidationPipe(routeRequestSchema)) body: RouteRequest): Promise<RouteDecision> {
    return this.router.route(body.messages, body.preference ?? 'balanced');
  }
}
