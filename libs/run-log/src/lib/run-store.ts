import type { Redis } from 'ioredis';
import {
  redisKeys,
  RUN_EVENT_TYPES,
  type RouteDecision,
  type RunEvent,
  type RunMode,
  type RunStatusResponse,
  type RunTarget,
  type TargetStatus,
} from '@parallax/contracts';
import type { RunEventLog } from './run-event-log';

/** What is kept about a run besides its events. */
export interface RunMeta {
  runId: string;
  mode: RunMode;
  createdAt: number;
  targets: RunTarget[];
  route?: RouteDecision;
}

/** Run descriptions and cancel markers in Redis, all expiring with the run. */
export class RunStore {
  constructor(
    private readonly redis: Redis,
    private readonly log: RunEventLog,
    private readonly ttlSeconds: number,
  ) {}

  /** Records a new run; its state counts the targets still running so the last one can complete the run. */
  async create(meta: RunMeta): Promise<void> {
    const { runId } = meta;
    await this.redis
      .multi()
      .set(redisKeys.runMeta(runId), JSON.stringify(meta), 'EX', this.ttlSeconds)
      .hset(redisKeys.runState(runId), 'remaining', meta.targets.length)
      .expire(redisKeys.runState(runId), this.ttlSeconds)
      .set(redisKeys.runSeq(runId), 0, 'EX', this.ttlSeconds)
      .exec();
  }

  async getMeta(runId: string): Promise<RunMeta | null> {
    const raw = await this.redis.get(redisKeys.runMeta(runId));
    return raw ? (JSON.parse(raw) as RunMeta) : null;
  }

  /** Marks the run, or one target, as cancelled so a job that has not started yet is skipped. */
  async markCancelled(runId: string, targetId?: string): Promise<void> {
    await this.redis.set(redisKeys.runCancelled(runId, targetId), '1', 'EX', this.ttlSeconds);
  }

  async isCancelled(runId: string, targetId: string): Promise<boolean> {
    const found = await this.redis.exists(redisKeys.runCancelled(runId), redisKeys.runCancelled(runId, targetId));
    return found > 0;
  }

  /** The run as a whole, folded from its log; null for an unknown (or expired) run. */
  async status(runId: string): Promise<RunStatusResponse | null> {
    const meta = await this.getMeta(runId);
    if (!meta) return null;
    return foldRunStatus(meta, await this.log.read(runId));
  }
}

/** Folds a run's events into its current status. */
export function foldRunStatus(meta: RunMeta, events: RunEvent[]): RunStatusResponse {
  const targets = new Map<string, TargetStatus>(
    meta.targets.map((t) => [t.targetId, { ...t, state: 'queued', text: '', reasoning: '' }]),
  );
  let completed = false;
  for (const event of events) {
    if (event.type === RUN_EVENT_TYPES.runCompleted) {
      completed = true;
      continue;
    }
    const target = targets.get(event.targetId);
    if (!target) continue;
    switch (event.type) {
      case RUN_EVENT_TYPES.targetStarted:
        // A retried target starts over: its status shows the latest attempt only.
        Object.assign(target, { state: 'streaming', text: '', reasoning: '', error: undefined, metrics: undefined, finishReason: undefined });
        break;
      case RUN_EVENT_TYPES.targetDelta:
        target.text += event.content ?? '';
        target.reasoning += event.reasoning ?? '';
        break;
      case RUN_EVENT_TYPES.targetCompleted:
        target.state = 'done';
        target.finishReason = event.finishReason;
        target.metrics = event.metrics;
        break;
      case RUN_EVENT_TYPES.targetFailed:
        target.state = event.error.code === 'cancelled' ? 'cancelled' : 'failed';
        target.error = event.error;
        target.metrics = event.metrics;
        break;
    }
  }
  return {
    runId: meta.runId,
    mode: meta.mode,
    createdAt: meta.createdAt,
    completed,
    route: meta.route,
    targets: [...targets.values()],
  };
}
