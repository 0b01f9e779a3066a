import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { loadWorkerConfig, WORKER_CONFIG } from '../config/worker-config';
import { CancellationRegistry } from '../inference/cancellation.registry';
import { LaneWorkers } from '../inference/lane-workers';
import { ProviderClients } from '../inference/provider-clients';
import { TargetRunner } from '../inference/target-runner.service';
import { ModelStatsRecorder } from '../model-stats/model-stats.recorder';
import { WorkerMetrics } from '../model-stats/worker-metrics';
import { BULLMQ_CONNECTION, COMMAND_CONNECTION, redisProviders, SUBSCRIBER_CONNECTION } from '../redis.providers';

@Module({
  providers: [
    { provide: WORKER_CONFIG, useFactory: () => loadWorkerConfig(process.env) },
    ...redisProviders,
    ProviderClients,
    CancellationRegistry,
    TargetRunner,
    LaneWorkers,
    WorkerMetrics,
    ModelStatsRecorder,
  ],
})
export class AppModule implements OnApplicationShutdown {
  constructor(
    @Inject(COMMAND_CONNECTION) private readonly commands: Redis,
    @Inject(SUBSCRIBER_CONNECTION) private readonly subscriber: Redis,
    @Inject(BULLMQ_CONNECTION) private readonly bullmq: Redis,
  ) {}

  /** Runs after the providers' own shutdown hooks, so workers have finished writing. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit(), this.bullmq.quit()]);
  }
}
