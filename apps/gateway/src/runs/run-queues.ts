import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { inferenceJobId, inferenceQueueName, INFERENCE_JOB_NAME, type InferenceJobData } from '@parallax/contracts';
import { BULLMQ_CONNECTION } from '../redis.providers';

/** Producer side of the provider lanes: one BullMQ queue per lane, created on first use. */
@Injectable()
export class RunQueues implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue<InferenceJobData>>();

  constructor(@Inject(BULLMQ_CONNECTION) private readonly connection: Redis) {}

  queue(lane: string): Queue<InferenceJobData> {
    let queue = this.queues.get(lane);
    if (!queue) {
      queue = new Queue<InferenceJobData>(inferenceQueueName(lane), { connection: this.connection });
      this.queues.set(lane, queue);
    }
    return queue;
  }

  /** Enqueues one target; the job id makes a repeated enqueue of the same target a no-op. */
  async enqueue(lane: string, data: InferenceJobData): Promise<void> {
    await this.queue(lane).add(INFERENCE_JOB_NAME, data, {
      jobId: inferenceJobId(data.runId, data.targetId),
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
    });
  }

  /** Removes a target's job if no worker has taken it yet; true when removed. */
  async removeIfWaiting(lane: string, runId: string, targetId: string): Promise<boolean> {
    const job = await this.queue(lane).getJob(inferenceJobId(runId, targetId));
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    try {
      await job.remove();
      return true;
    } catch {
      // Taken by a worker in the meantime: the control channel stops it instead.
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
