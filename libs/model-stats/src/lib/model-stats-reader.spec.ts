import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { logBucketIndex, logBucketValue, minuteStart, MODEL_STATS, TPS_BUCKETS, TTFT_BUCKETS } from '@parallax/contracts';
import { ModelStatsReader, summarize } from './model-stats-reader';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Writes measurements the way workers do: one bucket field per sample into the minute's hash. */
async function record(redis: Redis, modelId: string, at: number, ttftMs: number[], tps: number[], errors = 0) {
  const key = MODEL_STATS.key(modelId, minuteStart(at));
  const write = redis.pipeline().hincrby(key, 'requests', ttftMs.length + errors).hincrby(key, 'errors', errors);
  for (const v of ttftMs) write.hincrby(key, MODEL_STATS.fields.ttftBucket(logBucketIndex(TTFT_BUCKETS, v)), 1);
  for (const v of tps) write.hincrby(key, MODEL_STATS.fields.tpsBucket(logBucketIndex(TPS_BUCKETS, v)), 1);
  await write.hincrbyfloat(key, 'costUsd', 0.25).expire(key, 60).exec();
}

const nearestRank = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1];

describe(ModelStatsReader.name, () => {
  const redis = new Redis(REDIS_URL);
  const modelId = `test-${randomUUID().slice(0, 8)}`;
  const now = Date.now();

  afterAll(async () => {
    const keys = await redis.keys(`parallax:ops:model:${modelId}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('computes p50/p95, error rate and cost over the window from minute buckets in Redis', async () => {
    const older = [120, 180, 240, 300, 360, 420, 480, 540, 600, 3000];
    const current = [100, 110, 130, 150, 170, 190, 900, 1500, 2200, 8000];
    await record(redis, modelId, now - 3 * 60_000, older, [40, 42, 44], 2);
    await record(redis, modelId, now, current, [50, 52]);
    await record(redis, modelId, now - 30 * 60_000, [5], [5]);

    const reader = new ModelStatsReader(redis);
    const five = summarize(modelId, (await reader.minutes([modelId], 5, now)).get(modelId) ?? []);
    const all = [...older, ...current];
    const bucketOf = (v: number) => Number(logBucketValue(TTFT_BUCKETS, logBucketIndex(TTFT_BUCKETS, v)).toFixed(1));
    expect(five).toEqual({
      modelId,
      ttftP50Ms: bucketOf(nearestRank(all, 50)),
      ttftP95Ms: bucketOf(nearestRank(all, 95)),
      tpsP50: Number(logBucketValue(TPS_BUCKETS, logBucketIndex(TPS_BUCKETS, 44)).toFixed(1)),
      errorRate: 2 / 22,
      requests: 22,
      errors: 2,
      costUsd: 0.5,
    });

    const hour = summarize(modelId, (await reader.minutes([modelId], 60, now)).get(modelId) ?? []);
    expect(hour.requests).toBe(23);
  });

  it('reads an empty window as no requests and null percentiles', async () => {
    const reader = new ModelStatsReader(redis);
    const empty = summarize('never-used', (await reader.minutes(['never-used'], 5, now)).get('never-used') ?? []);
    expect(empty).toEqual({ modelId: 'never-used', ttftP50Ms: null, ttftP95Ms: null, tpsP50: null, errorRate: null, requests: 0, errors: 0, costUsd: 0 });
  });
});
