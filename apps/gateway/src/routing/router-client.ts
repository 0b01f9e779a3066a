import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  ROUTER_PATTERNS,
  type ChatMessage,
  type RouteDecision,
  type RoutingPreference,
} from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Redis transport options from a redis:// URL. */
export function redisTransportOptions(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Asks the router service for a decision, and falls back to the default model when it cannot answer in time. */
@Injectable()
export class RouterClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RouterClient.name);
  private readonly client: ClientProxy;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ModelRegistry,
  ) {
    this.client = ClientProxyFactory.create({ transport: Transport.REDIS, options: redisTransportOptions(config.redisUrl) });
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
    const configured = this.registry.get(this.config.router.fallbackModel);
    const chosen = configured?.available ? configured : this.registry.all().find((m) => m.available);
    if (!chosen) throw new Error('no model is available');
    const note = chosen === configured ? 'default model' : `default ${this.config.router.fallbackModel} unavailable`;
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
