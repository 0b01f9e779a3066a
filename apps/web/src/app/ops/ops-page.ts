import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { DecimalPipe, DatePipe } from '@angular/common';
import type { FailedJobSummary, ModelServiceLevel, OpsSlo, OpsWindow } from '@parallax/contracts';
import { WINDOW } from '../core/browser';
import { OpsClient } from './ops-client';
import { Sparkline } from './sparkline';
import { TimeChart, type ChartLine } from './time-chart';

type Level = 'good' | 'warn' | 'bad' | 'none';

/** Where a figure stands against its threshold; "warn" within 20 % of it. */
function level(value: number | null, limit: number, higherIsWorse: boolean): Level {
  if (value === null) return 'none';
  if (limit === 0) return higherIsWorse && value > 0 ? 'bad' : 'good';
  const ratio = higherIsWorse ? value / limit : limit / Math.max(value, 1e-9);
  return ratio > 1 ? 'bad' : ratio > 0.8 ? 'warn' : 'good';
}

/** Operator dashboard: lanes, per-model service levels, charts and failed jobs, live over the `/ops` socket. */
@Component({
  selector: 'app-ops-page',
  imports: [Sparkline, TimeChart, DecimalPipe, DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ops-page.html',
  styleUrl: './ops-page.css',
})
export class OpsPage {
  protected readonly client = inject(OpsClient);
  private readonly win = inject(WINDOW);
  protected readonly window = signal<OpsWindow>('5m');
  protected readonly busy = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);

  protected readonly snapshot = this.client.snapshot;
  protected readonly lanes = computed(() => this.snapshot()?.lanes ?? []);
  protected readonly failed = computed(() => this.snapshot()?.failed ?? []);
  protected readonly slo = computed<OpsSlo | null>(() => this.snapshot()?.slo ?? null);
  protected readonly models = computed(() =>
    [...(this.snapshot()?.models[this.window()] ?? [])].sort((a, b) => b.requests - a.requests || a.modelId.localeCompare(b.modelId)),
  );

  /** The last 30 minutes are enough for the cards and charts; the hour stays available in the table. */
  private readonly recent = computed(() => {
    const series = this.snapshot()?.series;
    if (!series) return null;
    const from = Math.max(0, series.minutes.length - 30);
    return {
      minutes: series.minutes.slice(from),
      lanes: new Map(series.lanes.map((l) => [l.lane, { completed: l.completed.slice(from), failed: l.failed.slice(from) }])),
      ttftP50: series.ttftP50Ms.slice(from),
      ttftP95: series.ttftP95Ms.slice(from),
    };
  });

  protected readonly times = computed(() => this.recent()?.minutes ?? []);
  protected readonly throughputLines = computed<ChartLine[]>(() => {
    const lanes = [...(this.recent()?.lanes.values() ?? [])];
    const sum = (key: 'completed' | 'failed') => this.times().map((_, i) => lanes.reduce((s, l) => s + l[key][i], 0));
    return [
      { label: 'completed / min', color: 'var(--ok)', values: sum('completed') },
      { label: 'failed / min', color: 'var(--danger)', values: sum('failed') },
    ].map((l) => ({ ...l, color: this.resolve(l.color) }));
  });
  protected readonly ttftLines = computed<ChartLine[]>(() => [
    { label: 'TTFT p50', color: this.resolve('var(--s0)'), values: this.recent()?.ttftP50 ?? [] },
    { label: 'TTFT p95', color: this.resolve('var(--s1)'), values: this.recent()?.ttftP95 ?? [] },
  ]);

  protected laneSeries(lane: string) {
    return this.recent()?.lanes.get(lane) ?? { completed: [], failed: [] };
  }

  protected ttftLevel(m: ModelServiceLevel): Level {
    const slo = this.slo();
    return slo ? level(m.ttftP95Ms, slo.ttftP95Ms, true) : 'none';
  }

  protected tpsLevel(m: ModelServiceLevel): Level {
    const slo = this.slo();
    return slo && slo.tpsP50Min > 0 ? level(m.tpsP50, slo.tpsP50Min, false) : 'none';
  }

  protected errorLevel(m: ModelServiceLevel): Level {
    const slo = this.slo();
    return slo ? level(m.errorRate, slo.errorRateMax, true) : 'none';
  }

  protected signIn(token: string): void {
    if (token.trim()) this.client.signIn(token);
  }

  protected laneAction(action: 'pause' | 'resume' | 'drain', lane: string): Promise<void> {
    return this.act(`${action}:${lane}`, () => this.client[action](lane));
  }

  protected retry(job: FailedJobSummary): Promise<void> {
    return this.act(`retry:${job.jobId}`, () => this.client.retry(job.lane, job.jobId));
  }

  protected remove(job: FailedJobSummary): Promise<void> {
    return this.act(`remove:${job.jobId}`, () => this.client.remove(job.lane, job.jobId));
  }

  private async act(key: string, action: () => Promise<string | null>): Promise<void> {
    this.busy.set(key);
    this.actionError.set(null);
    try {
      this.actionError.set(await action());
    } finally {
      this.busy.set(null);
    }
  }

  /** uPlot draws on canvas, which cannot read CSS variables: resolve the theme colour once per snapshot. */
  private resolve(color: string): string {
    const name = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
    if (!name || !this.win.getComputedStyle) return color;
    return this.win.getComputedStyle(this.win.document.documentElement).getPropertyValue(name).trim() || color;
  }
}
