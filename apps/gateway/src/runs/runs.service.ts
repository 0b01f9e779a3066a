import { BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  redisKeys,
  RUN_EVENT_TYPES,
  RUN_LIMITS,
  type CreateRunRequest,
  type InferenceJobData,
  type RouteDecision,
  type RunCreatedResponse,
  type RunStatusResponse,
  type RunTarget,
} from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';
import { ControlBus, RunEventLog, RunStore, type RunMeta } from '@parallax/run-log';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { COMMAND_CONNECTION } from '../redis.providers';
import { RouterClient } from '../routing/router-client';
import { RunQueues } from './run-queues';

/** Creates runs (compare or routed), reports their status and cancels them. */
@Injectable()
export class RunsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(COMMAND_CONNECTION) private readonly redis: Redis,
    private readonly registry: ModelRegistry,
    private readonly store: RunStore,
    private readonly log: RunEventLog,
    private readonly queues: RunQueues,
    private readonly control: ControlBus,
    private readonly router: RouterClient,
  ) {}

  async create(request: CreateRunRequest, idempotencyKey?: string): Promise<RunCreatedResponse> {
    const runId = randomUUID();
    if (idempotencyKey) {
      const existing = await this.claimIdempotencyKey(idempotencyKey, runId);
      if (existing) return existing;
    }
    const route = request.mode === 'routed' ? await this.router.route(request.messages, request.preference ?? 'balanced') : undefined;
    const modelIds = route ? [route.modelId] : this.compareModels(request.models);
    const targets: RunTarget[] = modelIds.map((modelId, index) => ({ targetId: `t${index}`, modelId }));
    const meta: RunMeta = { runId, mode: request.mode, createdAt: Date.now(), targets, ...(route ? { route } : {}) };
    await this.store.create(meta);
    await Promise.all(
      targets.map((target) => {
        const resolved = this.registry.get(target.modelId)!;
        const data: InferenceJobData = {
          runId,
          targetId: target.targetId,
          modelId: target.modelId,
          messages: [...(request.histories?.[target.modelId] ?? []), ...request.messages],
          params: request.params ?? {},
          acceptedAt: meta.createdAt,
        };
        return this.queues.enqueue(resolved.lane, data);
      }),
    );
    return this.createdResponse(meta);
  }

  async status(runId: string): Promise<RunStatusResponse> {
    const status = await this.store.status(runId);
    if (!status) throw new NotFoundException(`unknown run ${runId}`);
    return status;
  }

  /**
   * Cancels a run or one target. Jobs still queued are removed and ended here; running ones are stopped by
   * their worker through the control channel. Targets that already ended are left as they are.
   */
  async cancel(runId: string, targetId?: string): Promise<{ runId: string; cancelling: string[] }> {
    const meta = await this.store.getMeta(runId);
    if (!meta) throw new NotFoundException(`unknown run ${runId}`);
    const targets = targetId ? meta.targets.filter((t) => t.targetId === targetId) : meta.targets;
    if (targetId && targets.length === 0) throw new NotFoundException(`run ${runId} has no target ${targetId}`);
    await this.store.markCancelled(runId, targetId);
    await this.control.publish({ type: 'cancel', runId, ...(targetId ? { targetId } : {}) });
    const cancelling: string[] = [];
    for (const target of targets) {
      if (await this.log.hasEnded(runId, target.targetId)) continue;
      cancelling.push(target.targetId);
      const lane = this.registry.get(target.modelId)?.lane;
      if (lane && (await this.queues.removeIfWaiting(lane, runId, target.targetId))) {
        await this.log.append({
          runId,
          targetId: target.targetId,
          at: Date.now(),
          type: RUN_EVENT_TYPES.targetFailed,
          error: { code: 'cancelled', message: 'cancelled before it started' },
        });
      }
    }
    return { runId, cancelling };
  }

  /** Which models a compare run uses: the ones named (each must exist and be available), else every available one. */
  private compareModels(requested: string[] | undefined): string[] {
    if (!requested) {
      const available = this.registry.all().filter((m) => m.available).map((m) => m.model.id);
      if (available.length === 0) throw new ServiceUnavailableException('no model is available');
      return available.slice(0, RUN_LIMITS.maxModels);
    }
    const problems = requested.flatMap((id, index) => {
      const resolved = this.registry.get(id);
      if (!resolved) return [{ path: `models.${index}`, message: `unknown model "${id}"` }];
      if (!resolved.available) return [{ path: `models.${index}`, message: `model "${id}" is unavailable: ${resolved.unavailableReason}` }];
      return [];
    });
    if (problems.length) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        issues: problems,
      });
    }
    return requested;
  }

  /** Returns the run already created for this key, or claims the key for `runId`. */
  private async claimIdempotencyKey(key: string, runId: string): Promise<RunCreatedResponse | null> {
    const redisKey = redisKeys.idempotency(key);
    const claimed = await this.redis.set(redisKey, runId, 'EX', this.config.runLog.ttlSeconds, 'NX');
    if (claimed === 'OK') return null;
    const existingId = await this.redis.get(redisKey);
    const meta = existingId ? await this.store.getMeta(existingId) : null;
    if (!meta) throw new BadRequestException('Idempotency-Key is being used by a run that is still being created');
    return this.createdResponse(meta);
  }

  private createdResponse(meta: RunMeta): RunCreatedResponse {
    return { runId: meta.runId, mode: meta.mode, targets: meta.targets, ...(meta.route ? { route: meta.route as RouteDecision } : {}) };
  }
}
