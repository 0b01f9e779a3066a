import { Inject, Injectable } from '@nestjs/common';
import {
  OPS_WINDOWS,
  TTFT_BUCKETS,
  type OpsOverviewResponse,
  type OpsSeries,
  type OpsSnapshot,
  type OpsWindow,
} from '@parallax/contracts';
import { ModelRegistry } from '@parallax/model-registry';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { LaneOps } from './lane-ops.service';
import { bucketPercentile, mergeBuckets, ModelStatsReader, summarize, type BucketCounts, type MinuteStats } from '@parallax/model-stats';

const SERIES_MINUTES = OPS_WINDOWS['1h'];
const FAILED_IN_SNAPSHOT = 20;

/** Joins the lanes' queue state with what their models delivered. */
@Injectable()
export class OpsService {
  private latest?: { at: number; snapshot: Promise<OpsSnapshot> };

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ModelRegistry,
    private readonly lanes: LaneOps,
    private readonly stats: ModelStatsReader,
  ) {}

  async overview(window: OpsWindow): Promise<OpsOverviewResponse> {
    const now = Date.now();
    const ids = this.modelIds();
    const [lanes, minutes] = await Promise.all([this.lanes.statuses(), this.stats.minutes(ids, OPS_WINDOWS[window], now)]);
    return {
      at: now,
      window,
      lanes,
      models: ids.map((id) => summarize(id, minutes.get(id) ?? [])),
      slo: this.config.ops.slo,
    };
  }

  /**
   * The dashboard's whole state. Callers within `maxAgeMs` of each other (the push timer, Prometheus scrapes)
   * share one computation, so the Redis load does not grow with viewers or scrapers.
   */
  snapshot(maxAgeMs = 500): Promise<OpsSnapshot> {
    const now = Date.now();
    if (this.latest && now - this.latest.at < maxAgeMs) return this.latest.snapshot;
    const snapshot = this.compute(now);
    this.latest = { at: now, snapshot };
    snapshot.catch(() => {
      if (this.latest?.snapshot === snapshot) this.latest = undefined;
    });
    return snapshot;
  }

  private async compute(now: number): Promise<OpsSnapshot> {
    const ids = this.modelIds();
    const [lanes, minutes, failed] = await Promise.all([
      this.lanes.statuses(),
      this.stats.minutes(ids, SERIES_MINUTES, now),
      this.lanes.failed(undefined, FAILED_IN_SNAPSHOT),
    ]);
    const windowed = (count: number) => ids.map((id) => summarize(id, (minutes.get(id) ?? []).slice(-count)));
    return {
      at: now,
      lanes,
      models: { '5m': windowed(OPS_WINDOWS['5m']), '1h': windowed(OPS_WINDOWS['1h']) },
      series: this.series(minutes, now),
      failed,
      slo: this.config.ops.slo,
    };
  }

  /** Per-minute throughput of each lane (completed vs failed targets) and TTFT percentiles over every model. */
  private series(minutes: Map<string, MinuteStats[]>, now: number): OpsSeries {
    const current = now - (now % 60_000);
    const starts = Array.from({ length: SERIES_MINUTES }, (_, i) => current - (SERIES_MINUTES - 1 - i) * 60_000);
    const laneOf = new Map(this.registry.all().map((m) => [m.model.id, m.lane]));
    const lanes = new Map(this.lanes.lanes().map((lane) => [lane, { lane, completed: starts.map(() => 0), failed: starts.map(() => 0) }]));
    const ttft: BucketCounts[] = starts.map(() => new Map());
    for (const [modelId, perMinute] of minutes) {
      const lane = lanes.get(laneOf.get(modelId) ?? '');
      perMinute.forEach((m, i) => {
        if (lane) {
          lane.completed[i] += m.requests - m.errors;
          lane.failed[i] += m.errors;
        }
        mergeBuckets(ttft[i], m.ttft);
      });
    }
    const percentile = (p: number) => ttft.map((counts) => round(bucketPercentile(TTFT_BUCKETS, counts, p)));
    return { minutes: starts, lanes: [...lanes.values()], ttftP50Ms: percentile(50), ttftP95Ms: percentile(95) };
  }

  private modelIds(): string[] {
    return this.registry.all().map((m) => m.model.id);
  }
}

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(1)));
