import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import {
  RUN_EVENT_TYPES,
  type InferenceJobData,
  type TargetCompletedEvent,
  type TargetErrorCode,
  type TargetFailedEvent,
  type TargetMetrics,
  type UnsequencedRunEvent,
} from '@parallax/contracts';
import { ModelRegistry, type ResolvedModel } from '@parallax/model-registry';
import { RunEventLog, RunStore } from '@parallax/run-log';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { CancellationRegistry } from './cancellation.registry';
import { DeltaBatcher } from './delta-batcher';
import { classifyFailure, retryDelayMs, type AbortReason, type ClassifiedFailure } from './provider-errors';
import { ProviderClients } from './provider-clients';
import { StreamMetrics } from './stream-metrics';

/** Fields some OpenAI-compatible servers add to deltas for a model's reasoning (vLLM, DeepSeek, OpenRouter). */
interface ReasoningDelta {
  reasoning_content?: string | null;
  reasoning?: string | null;
}

/** The terminal event a run of a target appended: what the lane worker records and reports to BullMQ. */
export type TargetEnd = Omit<TargetCompletedEvent, 'seq'> | Omit<TargetFailedEvent, 'seq'>;

type StreamOutcome = { ok: true; finishReason: string } | { ok: false; failure: ClassifiedFailure };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Rough input-token estimate when a provider reports no usage (about 4 characters per token). */
const estimateTokens = (data: InferenceJobData) =>
  Math.ceil(data.messages.reduce((sum, m) => sum + m.content.length, 0) / 4);

/** Runs one target: streams from its provider, batches deltas into the run log, and always ends it explicitly. */
@Injectable()
export class TargetRunner {
  private readonly logger = new Logger(TargetRunner.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly registry: ModelRegistry,
    private readonly log: RunEventLog,
    private readonly store: RunStore,
    private readonly clients: ProviderClients,
    private readonly cancellations: CancellationRegistry,
  ) {}

  /** Resolves to the target's terminal event, or null when it had already ended before this call. */
  async run(data: InferenceJobData, attempt = 1): Promise<TargetEnd | null> {
    const { runId, targetId } = data;
    // One pipelined round trip for both checks: everything before the provider request adds to time to first token.
    const [ended, cancelled] = await Promise.all([this.log.hasEnded(runId, targetId), this.store.isCancelled(runId, targetId)]);
    if (ended) return null;
    if (cancelled) {
      return this.fail(data, 'cancelled', 'cancelled before it started');
    }
    const resolved = this.registry.get(data.modelId);
    if (!resolved?.available) {
      return this.fail(data, 'model_unavailable', resolved?.unavailableReason ?? `unknown model ${data.modelId}`);
    }
    const control = this.cancellations.register(runId, targetId);
    try {
      return await this.stream(data, resolved, control, attempt);
    } finally {
      this.cancellations.release(runId, targetId, control);
    }
  }

  /** Ends a target whose worker vanished (its job stalled); a no-op when it already ended. */
  async failLost(data: Pick<InferenceJobData, 'runId' | 'targetId'>): Promise<void> {
    await this.fail(data, 'worker_lost', 'the worker running this target stopped; the stream cannot resume');
  }

  private async stream(data: InferenceJobData, resolved: ResolvedModel, control: AbortController, attempt: number): Promise<TargetEnd> {
    const { runId, targetId } = data;
    const metrics = new StreamMetrics(data.acceptedAt);
    // Appends go out in order on one connection, so waiting for the last one waits for them all.
    let lastWrite: Promise<unknown> = Promise.resolve();
    const append = (event: UnsequencedRunEvent) => {
      lastWrite = this.log.append(event).catch((error) => this.logger.error(`append failed: ${error}`));
    };
    const batcher = new DeltaBatcher(this.config.batching.intervalMs, this.config.batching.maxChars, (batch) =>
      append({
        runId,
        targetId,
        at: Date.now(),
        type: RUN_EVENT_TYPES.targetDelta,
        ...(batch.content ? { content: batch.content } : {}),
        ...(batch.reasoning ? { reasoning: batch.reasoning } : {}),
      }),
    );
    append({ runId, targetId, modelId: data.modelId, attempt, at: Date.now(), type: RUN_EVENT_TYPES.targetStarted });

    let outcome: StreamOutcome;
    for (;;) {
      metrics.startAttempt();
      outcome = await this.attempt(data, resolved, control, metrics, batcher);
      if (outcome.ok || !outcome.failure.retryable || metrics.receivedAny) break;
      if (metrics.attempts >= this.config.retry.maxAttempts || control.signal.aborted) break;
      const delay = retryDelayMs(metrics.attempts, outcome.failure, this.config.retry.baseMs, this.config.retry.maxMs);
      this.logger.warn(`${runId}.${targetId} ${outcome.failure.code}; retry ${metrics.attempts} in ${delay} ms`);
      await sleep(delay, control.signal);
      if (control.signal.aborted) {
        outcome = { ok: false, failure: classifyFailure(undefined, control.signal.reason as AbortReason) };
        break;
      }
    }

    batcher.flush();
    const final = metrics.finish(resolved.model, estimateTokens(data));
    let end: TargetEnd;
    if (outcome.ok) {
      end = { runId, targetId, at: Date.now(), type: RUN_EVENT_TYPES.targetCompleted, finishReason: outcome.finishReason, metrics: final };
      append(end);
    } else {
      end = this.appendFailure(append, data, outcome.failure, metrics.attempts > 0 ? final : undefined);
    }
    await lastWrite;
    return end;
  }

  /** One provider request; the worker's own aborts (cancel, timeouts, shutdown) come back as a classified failure. */
  private async attempt(
    data: InferenceJobData,
    resolved: ResolvedModel,
    control: AbortController,
    metrics: StreamMetrics,
    batcher: DeltaBatcher,
  ): Promise<StreamOutcome> {
    const attemptAbort = new AbortController();
    const forward = () => attemptAbort.abort(control.signal.reason);
    control.signal.addEventListener('abort', forward, { once: true });
    const watchdog = this.watchdog(attemptAbort, metrics);
    let finishReason = 'stop';
    try {
      const stream = await this.clients.for(resolved).chat.completions.create(
        {
          model: resolved.model.model,
          messages: data.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(data.params.temperature !== undefined ? { temperature: data.params.temperature } : {}),
          ...(data.params.topP !== undefined ? { top_p: data.params.topP } : {}),
          ...(data.params.maxTokens !== undefined ? { max_tokens: data.params.maxTokens } : {}),
        },
        { signal: attemptAbort.signal },
      );
      for await (const chunk of stream) {
        finishReason = this.consume(chunk, metrics, batcher, watchdog) ?? finishReason;
      }
      // The SDK ends iteration quietly when its signal aborts, so an abort must be checked here.
      if (attemptAbort.signal.aborted) {
        return { ok: false, failure: classifyFailure(undefined, attemptAbort.signal.reason as AbortReason) };
      }
      return { ok: true, finishReason };
    } catch (error) {
      return { ok: false, failure: classifyFailure(error, attemptAbort.signal.reason as AbortReason | undefined) };
    } finally {
      watchdog.stop();
      control.signal.removeEventListener('abort', forward);
    }
  }

  private consume(chunk: ChatCompletionChunk, metrics: StreamMetrics, batcher: DeltaBatcher, watchdog: Watchdog) {
    if (chunk.usage) {
      metrics.recordUsage({
        inputTokens: chunk.usage.prompt_tokens,
        outputTokens: chunk.usage.completion_tokens,
        reasoningTokens: chunk.usage.completion_tokens_details?.reasoning_tokens ?? 0,
      });
    }
    const choice = chunk.choices[0];
    if (!choice) return undefined;
    const delta = choice.delta as typeof choice.delta & ReasoningDelta;
    const content = delta.content ?? '';
    const reasoning = delta.reasoning_content ?? delta.reasoning ?? '';
    if (content || reasoning) {
      watchdog.touch();
      metrics.recordDelta(content, reasoning);
      batcher.push(content, reasoning);
    }
    return choice.finish_reason ?? undefined;
  }

  /** Aborts the attempt when the first token is late or the stream goes quiet; one timer, re-armed lazily. */
  private watchdog(abort: AbortController, metrics: StreamMetrics): Watchdog {
    const { firstTokenMs, idleMs } = this.config.timeouts;
    let lastActivity = performance.now();
    let timer: NodeJS.Timeout;
    const check = () => {
      const limit = metrics.receivedAny ? idleMs : firstTokenMs;
      const quietFor = performance.now() - lastActivity;
      if (quietFor >= limit) {
        abort.abort(metrics.receivedAny ? 'idle_timeout' : 'first_token_timeout');
        return;
      }
      timer = setTimeout(check, limit - quietFor);
    };
    timer = setTimeout(check, firstTokenMs);
    let armedForIdle = false;
    return {
      touch: () => {
        lastActivity = performance.now();
        if (armedForIdle) return;
        // From the first token on, the shorter of the two limits must be able to fire.
        armedForIdle = true;
        clearTimeout(timer);
        timer = setTimeout(check, idleMs);
      },
      stop: () => clearTimeout(timer),
    };
  }

  private appendFailure(
    append: (event: UnsequencedRunEvent) => void,
    data: Pick<InferenceJobData, 'runId' | 'targetId'>,
    failure: ClassifiedFailure,
    metrics?: TargetMetrics,
  ): Omit<TargetFailedEvent, 'seq'> {
    if (failure.code !== 'cancelled') this.logger.warn(`${data.runId}.${data.targetId} failed: ${failure.code} ${failure.message}`);
    const event: Omit<TargetFailedEvent, 'seq'> = {
      runId: data.runId,
      targetId: data.targetId,
      at: Date.now(),
      type: RUN_EVENT_TYPES.targetFailed,
      error: { code: failure.code, message: failure.message },
      ...(metrics ? { metrics } : {}),
    };
    append(event);
    return event;
  }

  private async fail(data: Pick<InferenceJobData, 'runId' | 'targetId'>, code: TargetErrorCode, message: string) {
    const writes: Promise<unknown>[] = [];
    const event = this.appendFailure((e) => writes.push(this.log.append(e)), data, { code, message, retryable: false });
    await Promise.all(writes);
    return event;
  }
}

interface Watchdog {
  touch(): void;
  stop(): void;
}
