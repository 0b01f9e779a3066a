import { Injectable } from '@nestjs/common';
import { ModelRegistry } from '@parallax/model-registry';
import { ModelStatsReader, summarize } from '@parallax/model-stats';
import type { ModelHealth } from './routing-policy';

/** The health window the policy weighs: recent enough to react, long enough to mean something. */
const WINDOW_MINUTES = 5;
/** Decisions within this long share one read of the workers' stats. */
const CACHE_MS = 1000;

/** Recent per-model service levels (error rate, TTFT) as the workers recorded them in Redis. */
@Injectable()
export class ModelHealthSource {
  private cached?: { at: number; health: Promise<ReadonlyMap<string, ModelHealth>> };

  constructor(
    private readonly reader: ModelStatsReader,
    private readonly registry: ModelRegistry,
  ) {}

  snapshot(now = Date.now()): Promise<ReadonlyMap<string, ModelHealth>> {
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const health = this.read(now);
      // A failed read is not cached: the next decision tries again.
      health.catch(() => (this.cached = undefined));
      this.cached = { at: now, health };
    }
    return this.cached.health;
  }

  private async read(now: number): Promise<ReadonlyMap<string, ModelHealth>> {
    const ids = this.registry.all().map((m) => m.model.id);
    const minutes = await this.reader.minutes(ids, WINDOW_MINUTES, now);
    return new Map(
      ids.map((id) => {
        const level = summarize(id, minutes.get(id) ?? []);
        return [id, { requests: level.requests, errorRate: level.errorRate, ttftP50Ms: level.ttftP50Ms }];
      }),
    );
  }
}
