import type { Provider, Type } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ModelStatsReader } from '@parallax/model-stats';
import { COMMAND_CONNECTION } from '../redis.providers';
import { LaneOps } from './lane-ops.service';
import { OpsAuth, OpsTokenGuard } from './ops-auth';
import { OpsController } from './ops.controller';
import { OpsGateway } from './ops.gateway';
import { OpsMetrics } from './ops-metrics';
import { OpsService } from './ops.service';

const statsReader: Provider = {
  provide: ModelStatsReader,
  inject: [COMMAND_CONNECTION],
  useFactory: (redis: Redis) => new ModelStatsReader(redis),
};

/** The operator dashboard's pieces, registered in the root module beside the rest of the gateway. */
export const opsControllers: Type[] = [OpsController];
export const opsProviders: Provider[] = [OpsAuth, OpsTokenGuard, LaneOps, statsReader, OpsService, OpsGateway, OpsMetrics];
