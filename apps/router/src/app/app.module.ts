import { Module, type DynamicModule } from '@nestjs/common';
import { ModelRegistry } from '@parallax/model-registry';
import { IntentClassifier } from '../classifier/intent-classifier.service';
import { ROUTER_CONFIG, type RouterConfig } from '../config/router-config';
import { ModelHealthSource } from '../routing/model-health.source';
import { RouteService } from '../routing/route.service';
import { RouterController } from './router.controller';

@Module({})
export class AppModule {
  /** The config is read once in main (the transport needs it before Nest starts) and handed in here. */
  static register(config: RouterConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [RouterController],
      providers: [
        { provide: ROUTER_CONFIG, useValue: config },
        { provide: ModelRegistry, useFactory: () => ModelRegistry.fromFile(config.modelsFile, config.providerEnv) },
        IntentClassifier,
        ModelHealthSource,
        RouteService,
      ],
    };
  }
}
