import type { Redis } from 'ioredis';
import {
  minuteStart,
  MODEL_STATS,
  TPS_BUCKETS,
  TTFT_BUCKETS,
  type ModelServiceLevel,
} from '@parallax/contracts';
import { bucketPercentile, bucketsFromHash, mergeBuckets, type BucketCounts } from './log-histogram';

/** One model's minute bucket as the workers wrote it. */
export interface MinuteStats {
  requests: number;
  errors: number;
  costUsd: number;
  ttft: BucketCounts;
  tps: BucketCounts;
}

const emptyMinute = (): MinuteStats => ({ requests: 0, errors: 0, costUsd: 0, ttft: new Map(), tps: new Map() });

function parseMinute(hash: Record<string, string>): MinuteStats {
  const f = MODEL_STATS.fields;
  return {
    requests: Number(hash[f.requests] ?? 0),
    errors: Number(hash[f.errors] ?? 0),
    costUsd: Number(hash[f.costUsd] ?? 0),
    ttft: bucketsFromHash(hash, f.ttftBucket(0).slice(0, -1)),
    tps: bucketsFromHash(hash, f.tpsBucket(0).slice(0, -1)),
  };
}

/** Folds minute buckets into the figures of the model table. */
export function summarize(modelId: string, minutes: MinuteStats[]): ModelServiceLevel {
  const total = emptyMinute();
  for (const m of minutes) {
    total.requests += m.requests;
    total.errors += m.errors;
    total.costUsd += m.costUsd;
    mergeBuckets(total.ttft, m.ttft);
    mergeBuckets(total.tps, m.tps);
  }
  const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));
  return {
    modelId,
    ttftP50Ms: round(bucketPercentile(TTFT_BUCKETS, total.ttft, 50), 1),
    ttftP95Ms: round(bucketPercentile(TTFT_BUCKETS, total.ttft, 95), 1),
    tpsP50: round(bucketPercentile(TPS_BUCKETS, total.tps, 50), 1),
    errorRate: total.requests > 0 ? total.errors / total.requests : null,
    requests: total.requests,
    errors: total.errors,
    costUsd: Number(total.costUsd.toFixed(8)),
  };
}

/**
 * Reads the workers' per-model minute buckets. Minutes that can no longer change (older than the previous one,
 * which still takes targets finishing at its end) are cached, so a refresh every second reads two hashes per model.
 */
export class ModelStatsReader {
  private readonly closed = new Map<string, MinuteStats>();

  constructor(private readonly redis: Redis) {}

  /** Each model's last `count` minute buckets, oldest first, the current minute last. */
  async minutes(modelIds: string[], count: number, now = Date.now()): Promise<Map<string, MinuteStats[]>> {
    const current = minuteStart(now);
    const starts = Array.from({ length: count }, (_, i) => current - (count - 1 - i) * MODEL_STATS.minuteMs);
    const pending: { key: string; cacheable: boolean }[] = [];
    for (const modelId of modelIds) {
      for (const start of starts) {
        const key = MODEL_STATS.key(modelId, start);
        if (!this.closed.has(key)) pending.push({ key, cacheable: start < current - MODEL_STATS.minuteMs });
      }
    }
    const fetched = new Map<string, MinuteStats>();
    if (pending.length) {
      const read = this.redis.pipeline();
      for (const { key } of pending) read.hgetall(key);
      const results = (await read.exec()) ?? [];
      pending.forEach(({ key, cacheable }, i) => {
        const [error, hash] = results[i] ?? [];
        if (error) throw error;
        const stats = parseMinute((hash as Record<string, string>) ?? {});
        fetched.set(key, stats);
        if (cacheable) this.closed.set(key, stats);
      });
    }
    this.evict(current - MODEL_STATS.ttlSeconds * 1000);
    return new Map(
      modelIds.map((modelId) => [
        modelId,
        starts.map((start) => {
          const key = MODEL_STATS.key(modelId, start);
          return this.closed.get(key) ?? fetched.get(key) ?? emptyMinute();
        }),
      ]),
    );
  }

  private evict(olderThan: number): void {
    for (const key of this.closed.keys()) {
      if (Number(key.slice(key.lastIndexOf(':') + 1)) < olderThan) this.closed.delete(key);
    }
  }
}
