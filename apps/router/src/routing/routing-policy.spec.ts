import { INTENT_LABELS, type ClassifyResult, type Intent, type ModelSummary } from '@parallax/contracts';
import type { RoutingPolicyFile } from '@parallax/model-registry';
import { RoutingPolicy, type ModelHealth } from './routing-policy';

const policyFile: RoutingPolicyFile = {
  defaultModel: 'generalist',
  confidenceThreshold: 0.5,
  maxErrorRate: 0.5,
  minRequests: 5,
  preferences: {
    quality: { price: 0, latency: 0 },
    balanced: { price: 0.25, latency: 0.25 },
    cheap: { price: 0.8, latency: 0.1 },
    fast: { price: 0.1, latency: 0.8 },
  },
  rankings: {},
};

const model = (id: string, coding: number, outputPrice: number, extra: Partial<ModelSummary> = {}): ModelSummary => ({
  id,
  label: id,
  providerId: 'p',
  providerLabel: 'P',
  lane: 'p',
  contextWindow: 1000,
  pricing: { inputPerMTok: outputPrice / 4, outputPerMTok: outputPrice },
  reasoning: false,
  simulated: true,
  strengths: { coding },
  available: true,
  ...extra,
});

const classified = (intent: Intent, confidence = 0.9): ClassifyResult => ({
  intent,
  confidence,
  probabilities: Object.fromEntries(INTENT_LABELS.map((l) => [l, l === intent ? confidence : (1 - confidence) / 7])) as Record<Intent, number>,
  modelVersion: 'test',
  latencyMs: 1,
});

const models = [model('coder', 0.95, 10), model('cheapo', 0.6, 0.2), model('generalist', 0.7, 2)];
const noHealth = new Map<string, ModelHealth>();

describe(RoutingPolicy.name, () => {
  const policy = new RoutingPolicy(policyFile);

  it('sends a confident prompt to the strongest model for its intent', () => {
    const decision = policy.decide(classified('coding'), models, noHealth, 'quality');
    expect(decision).toMatchObject({ modelId: 'coder', intent: 'coding', fallback: false });
    expect(decision.reason).toBe('coding → coder (strongest at coding)');
    expect(decision.candidates.map((c) => c.modelId)).toEqual(['coder', 'generalist', 'cheapo']);
  });

  it('passes over an unavailable model and says so', () => {
    const withoutCoder = [model('coder', 0.95, 10, { available: false, unavailableReason: 'set KEY' }), ...models.slice(1)];
    const decision = policy.decide(classified('coding'), withoutCoder, noHealth, 'quality');
    expect(decision.modelId).toBe('generalist');
    expect(decision.reason).toContain('coder unavailable (set KEY)');
  });

  it('passes over a model whose recent error rate is too high', () => {
    const health = new Map([['coder', { requests: 20, errorRate: 0.8, ttftP50Ms: 100 }]]);
    const decision = policy.decide(classified('coding'), models, health, 'quality');
    expect(decision.modelId).toBe('generalist');
    expect(decision.reason).toContain('coder unhealthy (80% errors)');
  });

  it('lets the cheap preference trade strength for price', () => {
    expect(policy.decide(classified('coding'), models, noHealth, 'cheap').modelId).toBe('cheapo');
  });

  it('lets the fast preference pick the lowest measured latency', () => {
    const health = new Map([
      ['coder', { requests: 50, errorRate: 0, ttftP50Ms: 900 }],
      ['cheapo', { requests: 50, errorRate: 0, ttftP50Ms: 800 }],
      ['generalist', { requests: 50, errorRate: 0, ttftP50Ms: 50 }],
    ]);
    expect(policy.decide(classified('coding'), models, health, 'fast').modelId).toBe('generalist');
  });

  it('uses the default model below the confidence threshold', () => {
    const decision = policy.decide(classified('coding', 0.3), models, noHealth, 'quality');
    expect(decision.modelId).toBe('generalist');
    expect(decision.reason).toMatch(/confidence 0\.30 for coding is below 0\.5 → default generalist/);
  });

  it('follows an explicit ranking from the policy file', () => {
    const ranked = new RoutingPolicy({ ...policyFile, rankings: { coding: ['cheapo', 'coder'] } });
    expect(ranked.decide(classified('coding'), models, noHealth, 'quality').modelId).toBe('cheapo');
  });
});
