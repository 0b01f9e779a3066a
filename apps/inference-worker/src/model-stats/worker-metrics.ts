import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { RUN_EVENT_TYPES } from '@parallax/contracts';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import type { TargetEnd } from '../inference/target-runner.service';

/**
 * The worker's own Prometheus histograms, served on `WORKER_METRICS_PORT` when set. They are cumulative per
 * process, as Prometheus expects, and complement the windowed figures the gateway derives from Redis.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetrics.name);
  readonly registry = new Registry();
  private readonly ttft: Histogram<'model'>;
  private readonly tps: Histogram<'model'>;
  private readonly duration: Histogram<'lane' | 'outcome'>;
  private readonly errors: Counter<'model' | 'code'>;
  private server?: Server;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'parallax_worker_' });
    this.ttft = new Histogram({
      name: 'parallax_worker_ttft_seconds',
      help: 'Provider request sent to first delta, per model',
      labelNames: ['model'],
      buckets: [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
      registers,
    });
    this.tps = new Histogram({
      name: 'parallax_worker_tokens_per_second',
      help: 'Decode throughput of completed targets, per model',
      labelNames: ['model'],
      buckets: [1, 5, 10, 20, 40, 60, 80, 120, 200, 400, 1000],
      registers,
    });
    this.duration = new Histogram({
      name: 'parallax_worker_job_duration_seconds',
      help: 'Provider request sent to stream end, per lane and outcome',
      labelNames: ['lane', 'outcome'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
      registers,
    });
    this.errors = new Counter({
      name: 'parallax_worker_target_errors_total',
      help: 'Targets that ended in an error, per model and code (cancellations included)',
      labelNames: ['model', 'code'],
      registers,
    });
  }

  observe(lane: string, modelId: string, end: TargetEnd): void {
    const failed = end.type === RUN_EVENT_TYPES.targetFailed;
    if (failed) this.errors.inc({ model: modelId, code: end.error.code });
    const m = end.metrics;
    if (!m) return;
    if (m.ttftMs !== null) this.ttft.observe({ model: modelId }, m.ttftMs / 1000);
    if (!failed && m.tokensPerSecond !== null) this.tps.observe({ model: modelId }, m.tokensPerSecond);
    this.duration.observe({ lane, outcome: failed ? end.error.code : 'completed' }, m.e2eMs / 1000);
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metricsPort;
    if (!port) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.metricsHost, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.config.metricsHost}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
