import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  ROUTER_PATTERNS,
  type ChatMessage,
  type RouteDecision,
  type RoutingPreference,
} from '@parallax/contracts';
import { loadRoutingPolicy, ModelRegistry } from '@parallax/model-registry';
import { redisOptionsFromUrl } from '@parallax/service-config';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Asks the router service for a decision, and falls back to the default model when it cannot answer in time. */
@Injectable()
export class RouterClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RouterClient.name);
  private readonly client: ClientProxy;
  /** The policy's default model, read once at boot so a broken policy file stops the gateway early. */
  private readonly defaultModel: string;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ModelRegistry,
  ) {
    this.defaultModel = loadRoutingPolicy(config.routingFile, registry).defaultModel;
    this.client = ClientProxyFactory.create({ transport: Transport.REDIS, options: redisOptionsFromUrl(config.redisUrl) });
  }

  async route(messages: ChatMessage[], preference: RoutingPreference): Promise<RouteDecision> {
    const started = performance.now();
    try {
      return await firstValueFrom(
        this.client
          .send<RouteDecision>(ROUTER_PATTERNS.route, { messages, preference })
          .pipe(timeout(this.config.router.timeoutMs)),
      );
    } catch (error) {
      const elapsed = Math.round(performance.now() - started);
      const why =
        (error as Error).name === 'TimeoutError'
          ? `the router did not answer within ${this.config.router.timeoutMs} ms`
          : `the router failed (${(error as { message?: string }).message ?? 'unknown error'})`;
      this.logger.warn(`${why} after ${elapsed} ms; using the default model`);
      return this.fallback(why, preference);
    }
  }

  /** The policy's default model, or the first available one when the default cannot run. */
  private fallback(why: string, preference: RoutingPreference): RouteDecision {
    const configured = this.registry.get(this.defaultModel);
    const chosen = configured?.available ? configured : this.registry.all().find((m) => m.available);
    if (!chosen) throw new Error('no model is available');
    const note = chosen === configured ? 'default model' : `default ${this.defaultModel} unavailable`;
    return {
      intent: null,
      confidence: null,
      probabilities: null,
      modelId: chosen.model.id,
      candidates: [{ modelId: chosen.model.id, score: 0, eligible: true, note }],
      reason: `${why}; using ${note === 'default model' ? 'the default model' : 'the first available model'} ${chosen.model.id}`,
      preference,
      fallback: true,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
