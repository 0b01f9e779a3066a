import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { OpsSnapshot } from '@parallax/contracts';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { OpsService } from './ops.service';

/**
 * Queue depths and per-model service levels on the gateway's `/metrics`, read when Prometheus scrapes. The
 * model figures are windowed gauges derived from the workers' Redis buckets (the same numbers the dashboard
 * shows); cumulative histograms come from each worker's own `/metrics` (WORKER_METRICS_PORT).
 */
@Injectable()
export class OpsMetrics {
  private readonly logger = new Logger(OpsMetrics.name);
  private readonly gauges: Gauge[] = [];
  private pending: Promise<void> | null = null;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly ops: OpsService,
  ) {
    const jobs = this.gauge('parallax_queue_jobs', 'Jobs per lane and state', ['lane', 'state']);
    const workers = this.gauge('parallax_queue_workers', 'Worker connections per lane', ['lane']);
    const paused = this.gauge('parallax_queue_paused', '1 while a lane is paused', ['lane']);
    const ttft = this.gauge('parallax_model_ttft_seconds', 'Time to first token per model, last 5 minutes (histogram estimate)', ['model', 'quantile']);
    const tps = this.gauge('parallax_model_tokens_per_second_p50', 'Median decode throughput per model, last 5 minutes', ['model']);
    const requests = this.gauge('parallax_model_requests_5m', 'Finished targets per model, last 5 minutes', ['model']);
    const errors = this.gauge('parallax_model_errors_5m', 'Failed targets per model (cancellations excluded), last 5 minutes', ['model']);
    const cost = this.gauge('parallax_model_cost_usd_5m', 'Cost per model in USD, last 5 minutes', ['model']);
    this.fill = (snapshot) => {
      for (const lane of snapshot.lanes) {
        for (const state of ['waiting', 'active', 'completed', 'failed', 'delayed'] as const) jobs.set({ lane: lane.lane, state }, lane[state]);
        workers.set({ lane: lane.lane }, lane.workers);
        paused.set({ lane: lane.lane }, lane.paused ? 1 : 0);
      }
      for (const m of snapshot.models['5m']) {
        if (m.ttftP50Ms !== null) ttft.set({ model: m.modelId, quantile: '0.5' }, m.ttftP50Ms / 1000);
        if (m.ttftP95Ms !== null) ttft.set({ model: m.modelId, quantile: '0.95' }, m.ttftP95Ms / 1000);
        if (m.tpsP50 !== null) tps.set({ model: m.modelId }, m.tpsP50);
        requests.set({ model: m.modelId }, m.requests);
        errors.set({ model: m.modelId }, m.errors);
        cost.set({ model: m.modelId }, m.costUsd);
      }
    };
  }

  private readonly fill: (snapshot: OpsSnapshot) => void;

  /** prom-client reads gauges concurrently on a scrape: each one waits on a single shared refresh. */
  private gauge(name: string, help: string, labelNames: string[]): Gauge {
    const gauge = new Gauge({ name, help, labelNames, registers: [this.registry], collect: () => this.refresh() });
    this.gauges.push(gauge);
    return gauge;
  }

  private refresh(): Promise<void> {
    this.pending ??= this.ops
      .snapshot()
      .then((snapshot) => {
        for (const g of this.gauges) g.reset();
        this.fill(snapshot);
      })
      .catch((error) => this.logger.error(`ops metrics unavailable: ${(error as Error).message}`))
      .finally(() => (this.pending = null));
    return this.pending;
  }
}
