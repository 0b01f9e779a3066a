import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Redis } from 'ioredis';
import { GATEWAY_CONFIG, loadGatewayConfig, type GatewayConfig } from '../config/gateway-config';
import { HealthController } from '../health/health.controller';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { RelayMetrics } from '../metrics/relay-metrics';
import { ModelsController } from '../models/models.controller';
import { opsControllers, opsProviders } from '../ops/ops.providers';
import { BULLMQ_CONNECTION, COMMAND_CONNECTION, RELAY_SUBSCRIBER, redisProviders } from '../redis.providers';
import { RouteController } from '../routing/route.controller';
import { RouterClient } from '../routing/router-client';
import { RunQueues } from '../runs/run-queues';
import { RunsController } from '../runs/runs.controller';
import { RunsService } from '../runs/runs.service';
import { RunRelay } from '../streaming/run-relay.service';
import { RunsGateway } from '../streaming/runs.gateway';

const configProvider = { provide: GATEWAY_CONFIG, useFactory: () => loadGatewayConfig(process.env) };

@Module({
  imports: [
    TerminusModule,
    LoggerModule.forRootAsync({
      providers: [configProvider],
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.query.token'],
          autoLogging: { ignore: (req) => /^\/(metrics|api\/health)/.test(req.url ?? '') },
          // The queue board accepts `?token=` once; a logged URL must never carry it.
          serializers: {
            req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/([?&]token=)[^&]*/gi, '$1[redacted]') }),
          },
        },
      }),
    }),
  ],
  controllers: [RunsController, RouteController, ModelsController, HealthController, MetricsController, ...opsControllers],
  providers: [
    configProvider,
    ...redisProviders,
    MetricsRegistry,
    RelayMetrics,
    RunQueues,
    RouterClient,
    RunsService,
    RunRelay,
    RunsGateway,
    ...opsProviders,
  ],
})
export class AppModule implements OnApplicationShutdown {
  constructor(
    @Inject(COMMAND_CONNECTION) private readonly commands: Redis,
    @Inject(RELAY_SUBSCRIBER) private readonly subscriber: Redis,
    @Inject(BULLMQ_CONNECTION) private readonly bullmq: Redis,
  ) {}

  /** Runs after the providers' own hooks (queues closed), so nothing writes to a closed connection. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit(), this.bullmq.quit()]);
  }
}
