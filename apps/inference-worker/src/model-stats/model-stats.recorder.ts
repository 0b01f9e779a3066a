import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  logBucketIndex,
  minuteStart,
  MODEL_STATS,
  RUN_EVENT_TYPES,
  TPS_BUCKETS,
  TTFT_BUCKETS,
} from '@parallax/contracts';
import { COMMAND_CONNECTION } from '../redis.providers';
import type { TargetEnd } from '../inference/target-runner.service';
import { WorkerMetrics } from './worker-metrics';

/**
 * Records what each finished target delivered into its model's minute bucket in Redis, where every gateway
 * reads it for the ops dashboard. Buckets are fixed-size histograms with a TTL, so Redis memory depends on
 * the number of models, not on traffic.
 */
@Injectable()
export class ModelStatsRecorder {
  private readonly logger = new Logger(ModelStatsRecorder.name);

  constructor(
    @Inject(COMMAND_CONNECTION) private readonly redis: Redis,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** One pipelined write; a failure is logged, never thrown, because the run itself already ended fine. */
  async record(lane: string, modelId: string, end: TargetEnd): Promise<void> {
    this.metrics.observe(lane, modelId, end);
    const key = MODEL_STATS.key(modelId, minuteStart(end.at));
    const f = MODEL_STATS.fields;
    const write = this.redis.pipeline();
    const failed = end.type === RUN_EVENT_TYPES.targetFailed;
    if (failed && end.error.code === 'cancelled') {
      write.hincrby(key, f.cancelled, 1);
    } else {
      write.hincrby(key, f.requests, 1);
      if (failed) write.hincrby(key, f.errors, 1).hincrby(key, f.errorCode(end.error.code), 1);
    }
    const m = end.metrics;
    if (m) {
      if (m.costUsd > 0) write.hincrbyfloat(key, f.costUsd, m.costUsd);
      if (m.outputTokens > 0) write.hincrby(key, f.outputTokens, m.outputTokens);
      if (m.ttftMs !== null) write.hincrby(key, f.ttftBucket(logBucketIndex(TTFT_BUCKETS, m.ttftMs)), 1);
      // Throughput of a stream cut short says little about the model, so only completed streams count.
      if (!failed && m.tokensPerSecond !== null) {
        write.hincrby(key, f.tpsBucket(logBucketIndex(TPS_BUCKETS, m.tokensPerSecond)), 1);
      }
    }
    write.expire(key, MODEL_STATS.ttlSeconds);
    try {
      const results = (await write.exec()) ?? [];
      const error = results.find(([e]) => e)?.[0];
      if (error) throw error;
    } catch (error) {
      this.logger.error(`cannot record stats of ${modelId}: ${(error as Error).message}`);
    }
  }
}
