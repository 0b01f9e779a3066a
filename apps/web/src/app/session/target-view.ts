import {
  RUN_EVENT_TYPES,
  type ModelSummary,
  type RunEvent,
  type TargetMetrics,
  type TargetState,
} from '@parallax/contracts';

/** Everything a column shows about one target; replaced (never mutated) once per frame batch. */
export interface TargetView {
  targetId: string;
  modelId: string;
  state: TargetState;
  text: string;
  reasoning: string;
  /** Client clock (performance.now) when the run was requested: the origin of every live figure. */
  requestedAt: number;
  firstTokenAt: number | null;
  firstAnswerAt: number | null;
  endedAt: number | null;
  /** Live estimate while streaming; the provider's count replaces it when the target completes. */
  tokens: number;
  /** [ms since request, cumulative tokens], one point per frame batch, thinned past {@link MAX_POINTS}. */
  series: readonly (readonly [number, number])[];
  metrics: TargetMetrics | null;
  error: { code: string; message: string } | null;
}

const MAX_POINTS = 240;

export function initialTargetView(targetId: string, modelId: string, requestedAt: number): TargetView {
  return {
    targetId,
    modelId,
    state: 'queued',
    text: '',
    reasoning: '',
    requestedAt,
    firstTokenAt: null,
    firstAnswerAt: null,
    endedAt: null,
    tokens: 0,
    series: [],
    metrics: null,
    error: null,
  };
}

/**
 * Tokens are only counted by the provider at the end, so while streaming we estimate: roughly one token
 * per word piece of four characters, which tracks BPE tokenisers of English text within a few percent.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Folds one frame's events of a target into a new view; `now` is the client time they were applied. */
export function applyTargetEvents(view: TargetView, events: readonly RunEvent[], now: number): TargetView {
  let next = view;
  let addedText = '';
  let addedReasoning = '';
  for (const event of events) {
    switch (event.type) {
      case RUN_EVENT_TYPES.targetStarted:
        if (next.state === 'queued') next = { ...next, state: 'streaming' };
        break;
      case RUN_EVENT_TYPES.targetDelta:
        if (event.content) addedText += event.content;
        if (event.reasoning) addedReasoning += event.reasoning;
        break;
      case RUN_EVENT_TYPES.targetCompleted:
        next = { ...next, state: 'done', metrics: event.metrics, endedAt: now };
        break;
      case RUN_EVENT_TYPES.targetFailed:
        next = {
          ...next,
          state: event.error.code === 'cancelled' ? 'cancelled' : 'failed',
          error: event.error,
          metrics: event.metrics ?? next.metrics,
          endedAt: now,
        };
        break;
    }
  }
  if (addedText || addedReasoning) {
    const text = next.text + addedText;
    const reasoning = next.reasoning + addedReasoning;
    next = {
      ...next,
      state: next.state === 'queued' ? 'streaming' : next.state,
      text,
      reasoning,
      firstTokenAt: next.firstTokenAt ?? now,
      firstAnswerAt: next.firstAnswerAt ?? (addedText ? now : null),
      tokens: estimateTokens(text) + estimateTokens(reasoning),
    };
  }
  if (next.metrics && next.state === 'done') next = { ...next, tokens: next.metrics.outputTokens };
  if (next !== view) next = { ...next, series: extendSeries(next.series, now - next.requestedAt, next.tokens) };
  return next;
}

function extendSeries(
  series: readonly (readonly [number, number])[],
  at: number,
  tokens: number,
): readonly (readonly [number, number])[] {
  const last = series.at(-1);
  if (last && last[1] === tokens) return series;
  const grown = [...series, [at, tokens] as const];
  // Dropping every other point keeps the chart's cost flat however long an answer runs.
  return grown.length > MAX_POINTS ? grown.filter((_, i) => i % 2 === 0 || i === grown.length - 1) : grown;
}

/** Live or final figures for the metrics row, preferring the server's numbers once it sends them. */
export interface FigureSet {
  ttftMs: number | null;
  ttfaMs: number | null;
  tokensPerSecond: number | null;
  tokens: number;
  costUsd: number | null;
  elapsedMs: number;
  final: boolean;
}

export function figures(view: TargetView, now: number, model: ModelSummary | undefined): FigureSet {
  const m = view.metrics;
  if (m && view.state === 'done') {
    return {
      ttftMs: m.ttftMs,
      ttfaMs: m.ttfaMs,
      tokensPerSecond: m.tokensPerSecond,
      tokens: m.outputTokens,
      costUsd: m.costUsd,
      elapsedMs: m.queueMs + m.e2eMs,
      final: true,
    };
  }
  const end = view.endedAt ?? Math.max(now, view.firstTokenAt ?? now);
  const streamMs = view.firstTokenAt === null ? 0 : end - view.firstTokenAt;
  const price = model?.pricing.outputPerMTok;
  return {
    ttftMs: view.firstTokenAt === null ? null : view.firstTokenAt - view.requestedAt,
    ttfaMs: view.firstAnswerAt === null ? null : view.firstAnswerAt - view.requestedAt,
    tokensPerSecond: streamMs > 250 ? view.tokens / (streamMs / 1000) : null,
    tokens: view.tokens,
    costUsd: m ? m.costUsd : price === undefined ? null : (view.tokens * price) / 1_000_000,
    elapsedMs: end - view.requestedAt,
    final: false,
  };
}
