import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  redisKeys,
  RUN_EVENT_TYPES,
  type FailedJobSummary,
  type InferenceJobData,
  type LaneStatus,
  type OpsActionResponse,
} from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';
import { RunEventLog } from '@parallax/run-log';
import { COMMAND_CONNECTION } from '../redis.providers';
import { RunQueues } from '../runs/run-queues';

/** Jobs a drain removes: not yet taken by a worker. */
const UNSTARTED = ['wait', 'prioritized', 'delayed'] as const;
const DRAIN_PAGE = 500;

/** The operator's view of the provider lanes: counts, pause/resume/drain, and the failed jobs. */
@Injectable()
export class LaneOps {
  constructor(
    @Inject(COMMAND_CONNECTION) private readonly redis: Redis,
    private readonly registry: ModelRegistry,
    private readonly queues: RunQueues,
    private readonly log: RunEventLog,
  ) {}

  lanes(): string[] {
    return this.registry.lanes().map((l) => l.lane);
  }

  /** 404 for a lane the registry does not have, so no queue is ever created for a typo. */
  assertLane(lane: string): string {
    if (!this.lanes().includes(lane)) throw new NotFoundException(`unknown lane "${lane}"; lanes: ${this.lanes().join(', ')}`);
    return lane;
  }

  async status(lane: string): Promise<LaneStatus> {
    const queue = this.queues.queue(lane);
    const [counts, paused, workers] = await Promise.all([
      queue.getJobCounts('wait', 'prioritized', 'active', 'completed', 'failed', 'delayed'),
      queue.isPaused(),
      queue.getWorkersCount(),
    ]);
    return {
      lane,
      waiting: (counts['wait'] ?? 0) + (counts['prioritized'] ?? 0),
      active: counts['active'] ?? 0,
      completed: counts['completed'] ?? 0,
      failed: counts['failed'] ?? 0,
      delayed: counts['delayed'] ?? 0,
      paused,
      workers,
    };
  }

  statuses(): Promise<LaneStatus[]> {
    return Promise.all(this.lanes().map((lane) => this.status(lane)));
  }

  /** Workers finish what they hold and take nothing new from the lane until it is resumed. */
  async pause(lane: string): Promise<OpsActionResponse> {
    await this.queues.queue(this.assertLane(lane)).pause();
    return { ok: true, lane };
  }

  async resume(lane: string): Promise<OpsActionResponse> {
    await this.queues.queue(this.assertLane(lane)).resume();
    return { ok: true, lane };
  }

  /**
   * Removes every job no worker has taken yet and ends each one's target as cancelled, so no run waits
   * forever for a target that will never run. Running jobs are left to finish.
   */
  async drain(lane: string): Promise<OpsActionResponse> {
    const queue = this.queues.queue(this.assertLane(lane));
    let removed = 0;
    for (;;) {
      const jobs = (await queue.getJobs([...UNSTARTED], 0, DRAIN_PAGE - 1)) as Job<InferenceJobData>[];
      let progressed = 0;
      for (const job of jobs) if (await this.removeAndEnd(job, 'drained by an operator')) progressed += 1;
      removed += progressed;
      if (jobs.length < DRAIN_PAGE || progressed === 0) break;
    }
    return { ok: true, lane, removed };
  }

  /** The most recent failed jobs of one lane, or of every lane, newest first. */
  async failed(lane?: string, limit = 50): Promise<FailedJobSummary[]> {
    const lanes = lane ? [this.assertLane(lane)] : this.lanes();
    const perLane = await Promise.all(
      lanes.map(async (l) => {
        const jobs = (await this.queues.queue(l).getFailed(0, limit - 1)) as Job<InferenceJobData>[];
        return jobs.filter(Boolean).map((job) => summarizeFailed(l, job));
      }),
    );
    return perLane
      .flat()
      .sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0))
      .slice(0, limit);
  }

  /**
   * Re-runs a failed target inside its run: the target is reopened, then its job goes back to the lane, and the
   * worker streams it again, appending a fresh target.started … terminal event and a new run.completed.
   */
  async retry(lane: string, jobId: string): Promise<OpsActionResponse> {
    const job = await this.job(lane, jobId);
    const state = await job.getState();
    if (state !== 'failed') throw new ConflictException(`job ${jobId} is ${state}; only failed jobs can be retried`);
    const { runId, targetId } = job.data;
    if ((await this.log.reopen(runId, targetId)) === 'expired') throw new ConflictException(`run ${runId} has expired; remove the job instead`);
    try {
      await job.retry('failed');
    } catch (error) {
      await this.endTarget(job.data, `retry failed: ${(error as Error).message}`);
      throw new ConflictException(`job ${jobId} could not be retried: ${(error as Error).message}`);
    }
    return { ok: true, lane, jobId };
  }

  /** Deletes a job that is not running; a target that had not ended yet is ended as cancelled. */
  async remove(lane: string, jobId: string): Promise<OpsActionResponse> {
    const job = await this.job(lane, jobId);
    if ((await job.getState()) === 'active') {
      throw new ConflictException(`job ${jobId} is running; cancel its run instead (DELETE /api/runs/:runId)`);
    }
    if (!(await this.removeAndEnd(job, 'removed by an operator'))) {
      throw new ConflictException(`job ${jobId} was taken by a worker meanwhile`);
    }
    return { ok: true, lane, jobId };
  }

  private async job(lane: string, jobId: string): Promise<Job<InferenceJobData>> {
    const job = (await this.queues.queue(this.assertLane(lane)).getJob(jobId)) as Job<InferenceJobData> | undefined;
    if (!job) throw new NotFoundException(`lane ${lane} has no job ${jobId}`);
    return job;
  }

  private async removeAndEnd(job: Job<InferenceJobData>, reason: string): Promise<boolean> {
    try {
      await job.remove();
    } catch {
      // A worker locked it in the meantime: it runs, and ends its target itself.
      return false;
    }
    await this.endTarget(job.data, reason);
    return true;
  }

  /**
   * Appending to an ended target is a no-op in the run log, so this is safe for failed jobs too. A run that
   * expired is skipped: appending would recreate its keys without a TTL.
   */
  private async endTarget(data: InferenceJobData, message: string): Promise<void> {
    if (!(await this.redis.exists(redisKeys.runMeta(data.runId)))) return;
    await this.log.append({
      runId: data.runId,
      targetId: data.targetId,
      at: Date.now(),
      type: RUN_EVENT_TYPES.targetFailed,
      error: { code: 'cancelled', message },
    });
  }
}

function summarizeFailed(lane: string, job: Job<InferenceJobData>): FailedJobSummary {
  return {
    lane,
    jobId: job.id ?? '',
    runId: job.data.runId,
    targetId: job.data.targetId,
    modelId: job.data.modelId,
    error: job.failedReason ?? '',
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ?? null,
  };
}
