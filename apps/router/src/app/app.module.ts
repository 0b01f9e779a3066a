import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ModelRegistry } from '@parallax/model-registry';
import { ModelStatsReader } from '@parallax/model-stats';
import { createRedisConnection } from '@parallax/service-config';
import type { Redis } from 'ioredis';
import { IntentClassifier } from '../classifier/intent-classifier.service';
import { ROUTER_CONFIG, type RouterConfig } from '../config/router-config';
import { ModelHealthSource } from '../routing/model-health.source';
import { RouteService } from '../routing/route.service';
import { RouterController } from './router.controller';

const STATS_CONNECTION = Symbol('STATS_CONNECTION');

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(@Inject(STATS_CONNECTION) private readonly stats: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.stats.quit();
  }

  /** The config is read once in main (the transport needs it before Nest starts) and handed in here. */
  static register(config: RouterConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [RouterController],
      providers: [
        { provide: ROUTER_CONFIG, useValue: config },
        { provide: ModelRegistry, useFactory: () => ModelRegistry.fromFile(config.modelsFile, config.providerEnv) },
        { provide: STATS_CONNECTION, useFactory: () => createRedisConnection(config.redisUrl, 'router-stats', 'commands') },
        { provide: ModelStatsReader, inject: [STATS_CONNECTION], useFactory: (redis: Redis) => new ModelStatsReader(redis) },
        IntentClassifier,
        ModelHealthSource,
        RouteService,
      ],
    };
  }
}
