import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import type { z } from 'zod';
import {
  classifyRequestSchema,
  ROUTER_PATTERNS,
  routeRequestSchema,
  type ClassifyResult,
  type RouteDecision,
  type RouterError,
} from '@parallax/contracts';
import { IntentClassifier } from '../classifier/intent-classifier.service';
import { RouteService } from '../routing/route.service';

function parse<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const message = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
  throw new RpcException({ code: 'invalid_request', message } satisfies RouterError);
}

/** `router.classify` and `router.route` over the Redis transport; bad payloads get an error reply, never a crash. */
@Controller()
export class RouterController {
  private readonly logger = new Logger(RouterController.name);

  constructor(
    private readonly classifier: IntentClassifier,
    private readonly routes: RouteService,
  ) {}

  @MessagePattern(ROUTER_PATTERNS.classify)
  async classify(@Payload() payload: unknown): Promise<ClassifyResult> {
    const { text } = parse(classifyRequestSchema, payload);
    return this.guard(() => this.classifier.classify(text));
  }

  @MessagePattern(ROUTER_PATTERNS.route)
  async route(@Payload() payload: unknown): Promise<RouteDecision> {
    const request = parse(routeRequestSchema, payload);
    return this.guard(() => this.routes.route(request));
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.error((error as Error).message);
      throw new RpcException({ code: 'internal', message: (error as Error).message } satisfies RouterError);
    }
  }
}
