import type { ModelDefinition, TargetMetrics } from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';

/** Nearest-rank percentile of an ascending array; null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface ProviderUsage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/**
 * Timings of one provider stream, measured on the worker's monotonic clock from the moment the request
 * was sent; definitions follow vLLM bench / NVIDIA AIPerf (see README, "Metrics").
 */
export class StreamMetrics {
  private requestStartedAt = 0;
  private firstDeltaAt: number | null = null;
  private firstAnswerAt: number | null = null;
  private lastChunkAt: number | null = null;
  private readonly gaps: number[] = [];
  private countedOutput = 0;
  private countedReasoning = 0;
  private usage: ProviderUsage | null = null;
  attempts = 0;

  constructor(
    private readonly acceptedAtEpochMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new provider attempt starts: timings restart, nothing was received yet. */
  startAttempt(): void {
    this.attempts += 1;
    this.requestStartedAt = this.now();
  }

  /** Records one provider chunk that carried text. */
  recordDelta(content: string, reasoning: string): void {
    const at = this.now();
    if (this.firstDeltaAt === null) this.firstDeltaAt = at;
    if (content && this.firstAnswerAt === null) this.firstAnswerAt = at;
    if (this.lastChunkAt !== null) this.gaps.push(at - this.lastChunkAt);
    this.lastChunkAt = at;
    if (content) this.countedOutput += 1;
    if (reasoning) this.countedReasoning += 1;
  }

  recordUsage(usage: ProviderUsage): void {
    this.usage = usage;
  }

  get receivedAny(): boolean {
    return this.firstDeltaAt !== null;
  }

  /** Final figures; cost uses the registry prices per million tokens. */
  finish(model: ModelDefinition, estimatedInputTokens: number): TargetMetrics {
    const end = this.now();
    const e2eMs = end - this.requestStartedAt;
    const ttftMs = this.firstDeltaAt === null ? null : this.firstDeltaAt - this.requestStartedAt;
    const ttfaMs = this.firstAnswerAt === null ? null : this.firstAnswerAt - this.requestStartedAt;
    const outputTokens = this.usage?.outputTokens ?? this.countedOutput + this.countedReasoning;
    const reasoningTokens = this.usage?.reasoningTokens ?? this.countedReasoning;
    const inputTokens = this.usage?.inputTokens ?? estimatedInputTokens;
    const decodeMs = ttftMs === null ? null : e2eMs - ttftMs;
    const sortedGaps = [...this.gaps].sort((a, b) => a - b);
    const queueMs = Math.max(0, Date.now() - this.acceptedAtEpochMs - e2eMs);
    return {
      queueMs: round(queueMs) as number,
      ttftMs: round(ttftMs),
      ttfaMs: round(ttfaMs),
      e2eMs: round(e2eMs) as number,
      inputTokens,
      outputTokens,
      reasoningTokens,
      usageReported: this.usage !== null,
      tpotMs: decodeMs !== null && outputTokens > 1 ? round(decodeMs / (outputTokens - 1), 3) : null,
      tokensPerSecond: decodeMs !== null && decodeMs > 0 ? round(outputTokens / (decodeMs / 1000)) : null,
      interChunkP50Ms: round(percentile(sortedGaps, 50), 3),
      interChunkP95Ms: round(percentile(sortedGaps, 95), 3),
      costUsd: round(ModelRegistry.cost(model, inputTokens, outputTokens), 8) as number,
      attempts: this.attempts,
    };
  }
}
