import type {
  ClassifyResult,
  Intent,
  ModelSummary,
  RouteCandidate,
  RouteDecision,
  RoutingPreference,
} from '@parallax/contracts';
import type { RoutingPolicyFile } from '@parallax/model-registry';

/** Recent service levels of a model, as the workers measured them. */
export interface ModelHealth {
  requests: number;
  errorRate: number | null;
  ttftP50Ms: number | null;
}

const blendedPrice = (m: ModelSummary) => (m.pricing.inputPerMTok + 3 * m.pricing.outputPerMTok) / 4;

/** Scales values to [0, 1] across the candidates (0 = best/lowest); unknown values sit in the middle. */
function normalise(values: (number | null)[]): number[] {
  const known = values.filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  return values.map((v) => (v === null || max === min ? 0.5 : (v - min) / (max - min)));
}

/**
 * Picks the model for a classified prompt: ranks the intent's models by strength (or the configured
 * ranking), re-weighs by price and measured latency for the preference, passes over unavailable or
 * unhealthy models, and falls back to the default model when the classifier is unsure. Pure: every
 * input is given, so every decision can be explained and tested.
 */
export class RoutingPolicy {
  constructor(private readonly policy: RoutingPolicyFile) {}

  decide(
    classification: ClassifyResult,
    models: ModelSummary[],
    health: ReadonlyMap<string, ModelHealth>,
    preference: RoutingPreference,
  ): RouteDecision {
    const { intent, confidence } = classification;
    const base = {
      intent,
      confidence,
      probabilities: classification.probabilities,
      preference,
      fallback: false,
      modelVersion: classification.modelVersion,
    };
    const candidates = this.rank(intent, models, health, preference);
    const chosen = candidates.find((c) => c.eligible);
    const passedOver = candidates.filter((c) => !c.eligible && (!chosen || c.score > chosen.score));
    const skipped = passedOver.length ? `; ${passedOver.map((c) => `${c.modelId} ${c.note}`).join(', ')}` : '';

    if (confidence < this.policy.confidenceThreshold || !chosen) {
      const fallback = models.find((m) => m.id === this.policy.defaultModel && m.available) ?? models.find((m) => m.available);
      if (!fallback) throw new Error('no model is available');
      const why = !chosen
        ? `no available model for ${intent}${skipped}`
        : `confidence ${confidence.toFixed(2)} for ${intent} is below ${this.policy.confidenceThreshold}`;
      return { ...base, modelId: fallback.id, candidates, reason: `${why} → default ${fallback.id}` };
    }
    const how = preference === 'quality' ? `strongest at ${intent}` : `best ${preference} choice for ${intent}`;
    return { ...base, modelId: chosen.modelId, candidates, reason: `${intent} → ${chosen.modelId} (${how})${skipped}` };
  }

  private rank(
    intent: Intent,
    models: ModelSummary[],
    health: ReadonlyMap<string, ModelHealth>,
    preference: RoutingPreference,
  ): RouteCandidate[] {
    const ranking = this.policy.rankings[intent];
    const pool = ranking ? ranking.map((id) => models.find((m) => m.id === id)).filter((m): m is ModelSummary => !!m) : models;
    const quality = pool.map((m, i) => (ranking ? 1 - i / Math.max(1, ranking.length) : (m.strengths[intent] ?? 0)));
    const price = normalise(pool.map(blendedPrice));
    const latency = normalise(pool.map((m) => health.get(m.id)?.ttftP50Ms ?? null));
    const weights = this.policy.preferences[preference];

    return pool
      .map((model, i): RouteCandidate => {
        const score = Math.round((quality[i] - weights.price * price[i] - weights.latency * latency[i]) * 1000) / 1000;
        const stats = health.get(model.id);
        if (!model.available) return { modelId: model.id, score, eligible: false, note: `unavailable (${model.unavailableReason})` };
        if (stats && stats.requests >= this.policy.minRequests && (stats.errorRate ?? 0) > this.policy.maxErrorRate) {
          return { modelId: model.id, score, eligible: false, note: `unhealthy (${Math.round((stats.errorRate ?? 0) * 100)}% errors)` };
        }
        return { modelId: model.id, score, eligible: true };
      })
      .sort((a, b) => b.score - a.score);
  }
}
