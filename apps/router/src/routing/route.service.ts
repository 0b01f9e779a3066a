import { Inject, Injectable } from '@nestjs/common';
import type { RouteDecision, RouteRequest } from '@parallax/contracts';
import { loadRoutingPolicy, ModelRegistry } from '@parallax/model-registry';
import { IntentClassifier } from '../classifier/intent-classifier.service';
import { ROUTER_CONFIG, type RouterConfig } from '../config/router-config';
import { ModelHealthSource } from './model-health.source';
import { RoutingPolicy } from './routing-policy';

/** Longest tail of the conversation the classifier sees: the intent lives in the latest request. */
const CLASSIFY_CHARS = 4000;

@Injectable()
export class RouteService {
  private readonly policy: RoutingPolicy;

  constructor(
    @Inject(ROUTER_CONFIG) config: RouterConfig,
    private readonly registry: ModelRegistry,
    private readonly classifier: IntentClassifier,
    private readonly health: ModelHealthSource,
  ) {
    this.policy = new RoutingPolicy(loadRoutingPolicy(config.routingFile, registry));
  }

  async route(request: RouteRequest): Promise<RouteDecision> {
    const lastUser = [...request.messages].reverse().find((m) => m.role === 'user') ?? request.messages.at(-1)!;
    const classification = await this.classifier.classify(lastUser.content.slice(0, CLASSIFY_CHARS));
    const health = await this.health.snapshot();
    return this.policy.decide(classification, this.registry.summaries(), health, request.preference ?? 'balanced');
  }
}
