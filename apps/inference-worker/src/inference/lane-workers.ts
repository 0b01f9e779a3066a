import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { inferenceQueueName, INFERENCE_JOB_NAME, RUN_EVENT_TYPES, type InferenceJobData } from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';
import { ControlBus } from '@parallax/run-log';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { ModelStatsRecorder } from '../model-stats/model-stats.recorder';
import { BULLMQ_CONNECTION, SUBSCRIBER_CONNECTION } from '../redis.providers';
import { CancellationRegistry } from './cancellation.registry';
import { TargetRunner } from './target-runner.service';

/** Splits `<runId>.<targetId>`; the target id never contains a dot. */
function parseJobId(jobId: string): { runId: string; targetId: string } | null {
  const dot = jobId.lastIndexOf('.');
  return dot > 0 ? { runId: jobId.slice(0, dot), targetId: jobId.slice(dot + 1) } : null;
}

/** One BullMQ worker per provider lane, with that lane's concurrency and rate limit. */
@Injectable()
export class LaneWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LaneWorkers.name);
  private readonly workers: Worker<InferenceJobData>[] = [];
  private stopListening?: () => Promise<void>;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    @Inject(SUBSCRIBER_CONNECTION) private readonly subscriber: Redis,
    private readonly registry: ModelRegistry,
    private readonly runner: TargetRunner,
    private readonly cancellations: CancellationRegistry,
    private readonly stats: ModelStatsRecorder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const known = this.registry.lanes();
    const unknown = this.config.lanes.filter((lane) => !known.some((l) => l.lane === lane));
    if (unknown.length) throw new Error(`WORKER_LANES names lanes the registry does not have: ${unknown.join(', ')}`);
    const lanes = this.config.lanes.length ? known.filter((l) => this.config.lanes.includes(l.lane)) : known;

    this.stopListening = await ControlBus.listen(this.subscriber, (message) => {
      this.cancellations.cancel(message.runId, message.targetId);
    });
    for (const lane of lanes) {
      const worker = new Worker<InferenceJobData>(inferenceQueueName(lane.lane), (job) => this.process(lane.lane, job), {
        connection: this.connection,
        concurrency: lane.concurrency,
        ...(lane.rateLimit ? { limiter: { max: lane.rateLimit.max, duration: lane.rateLimit.durationMs } } : {}),
        lockDuration: this.config.jobs.lockDurationMs,
        stalledInterval: this.config.jobs.stalledIntervalMs,
        // A stalled job already streamed part of its answer: running it again would send it twice.
        maxStalledCount: 0,
      });
      worker.on('stalled', (jobId) => this.onStalled(jobId));
      worker.on('error', (error) => this.logger.error(`lane ${lane.lane}: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`serving lanes ${lanes.map((l) => `${l.lane}(x${l.concurrency})`).join(', ')}`);
  }

  /**
   * A target that failed (for any reason but a cancel) fails its job too, without BullMQ retries, so it shows
   * in the lane's failed set where an operator can retry it; the run already got its target.failed event.
   */
  private async process(lane: string, job: Job<InferenceJobData>): Promise<void> {
    if (job.name !== INFERENCE_JOB_NAME) throw new Error(`unexpected job ${job.name} on ${job.queueName}`);
    // An operator's retry of a failed job runs the target again: its `target.started` says which run this is.
    const end = await this.runner.run(job.data, job.attemptsMade + 1);
    if (end) await this.stats.record(lane, job.data.modelId, end);
    if (end?.type === RUN_EVENT_TYPES.targetFailed && end.error.code !== 'cancelled') {
      throw new UnrecoverableError(`${end.error.code}: ${end.error.message}`);
    }
  }

  private onStalled(jobId: string): void {
    const ids = parseJobId(jobId);
    if (!ids) return;
    this.logger.warn(`job ${jobId} stalled: its worker stopped; ending the target`);
    this.runner.failLost(ids).catch((error) => this.logger.error(`cannot end stalled ${jobId}: ${error}`));
  }

  /** Stops taking jobs, gives in-flight streams a grace period, then ends the rest explicitly. */
  async onApplicationShutdown(): Promise<void> {
    const closing = this.workers.map((worker) => worker.close());
    const graceOver = new Promise<void>((resolve) => setTimeout(resolve, this.config.shutdownGraceMs).unref());
    await Promise.race([Promise.all(closing), graceOver]);
    if (this.cancellations.size > 0) {
      this.logger.warn(`ending ${this.cancellations.size} in-flight target(s) for shutdown`);
      this.cancellations.abortAll('shutdown');
    }
    await Promise.all(closing);
    await this.stopListening?.();
  }
}
