import type { ModelDefinition } from '@parallax/contracts';
import { percentile, StreamMetrics } from './stream-metrics';

const model = { pricing: { inputPerMTok: 1, outputPerMTok: 2 } } as ModelDefinition;

describe(StreamMetrics.name, () => {
  it('computes ttft, ttfa, tpot and tokens/s from the provider usage', () => {
    let now = 1000;
    const metrics = new StreamMetrics(Date.now(), () => now);
    metrics.startAttempt();
    now = 1100;
    metrics.recordDelta('', 'thinking');
    now = 1150;
    metrics.recordDelta('Hello', '');
    now = 1200;
    metrics.recordDelta(' world', '');
    metrics.recordUsage({ inputTokens: 10, outputTokens: 11, reasoningTokens: 1 });
    now = 2100;
    const m = metrics.finish(model, 99);
    expect(m).toMatchObject({ ttftMs: 100, ttfaMs: 150, e2eMs: 1100, outputTokens: 11, reasoningTokens: 1, inputTokens: 10, usageReported: true, attempts: 1 });
    expect(m.tpotMs).toBe(100);
    expect(m.tokensPerSecond).toBe(11);
    expect(m.interChunkP50Ms).toBe(50);
    expect(m.costUsd).toBeCloseTo((10 * 1 + 11 * 2) / 1e6, 10);
  });

  it('counts chunks and estimates input when the provider reports no usage', () => {
    let now = 0;
    const metrics = new StreamMetrics(Date.now(), () => now);
    metrics.startAttempt();
    for (let i = 1; i <= 3; i += 1) {
      now = i * 10;
      metrics.recordDelta('x', '');
    }
    const m = metrics.finish(model, 42);
    expect(m).toMatchObject({ outputTokens: 3, inputTokens: 42, usageReported: false });
  });

  it('leaves token timings empty when nothing arrived', () => {
    const metrics = new StreamMetrics(Date.now(), () => 0);
    metrics.startAttempt();
    const m = metrics.finish(model, 1);
    expect(m.ttftMs).toBeNull();
    expect(m.tokensPerSecond).toBeNull();
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });
});
