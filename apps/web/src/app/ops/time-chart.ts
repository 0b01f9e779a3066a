import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  ViewEncapsulation,
  afterNextRender,
  effect,
  inject,
  input,
  type OnDestroy,
} from '@angular/core';
import type uPlot from 'uplot';
import { WINDOW } from '../core/browser';

/** One line of a {@link TimeChart}. */
export interface ChartLine {
  label: string;
  color: string;
  values: (number | null)[];
}

/**
 * A uPlot time chart sized to its container. uPlot draws on canvas and is updated with `setData`, so the
 * once-a-second snapshots cost a redraw, not a rebuild; the chart is rebuilt only when its lines change.
 * uPlot is imported on first render: it reads the display at import time, which would break server and jsdom runs.
 */
@Component({
  selector: 'app-time-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styleUrl: '../../../../../node_modules/uplot/dist/uPlot.min.css',
  template: '',
  host: { class: 'time-chart', '[attr.aria-label]': 'label()', role: 'img', style: 'display: block' },
})
export class TimeChart implements OnDestroy {
  readonly label = input.required<string>();
  /** Bucket starts, epoch ms. */
  readonly times = input.required<number[]>();
  readonly lines = input.required<ChartLine[]>();
  readonly unit = input('');
  readonly height = input(180);

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly win = inject(WINDOW);
  private resizes?: ResizeObserver;
  private chart?: uPlot;
  private shape = '';
  private UPlot?: typeof uPlot;

  constructor() {
    afterNextRender(async () => {
      this.UPlot = (await import('uplot')).default;
      this.draw();
      const Observer = (this.win as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
      if (!Observer) return;
      this.resizes = new Observer(() => this.chart?.setSize({ width: this.width(), height: this.height() }));
      this.resizes.observe(this.host);
    });
    effect(() => {
      this.times();
      this.lines();
      if (this.UPlot) this.draw();
    });
  }

  private draw(): void {
    const lines = this.lines();
    const data = [this.times().map((t) => t / 1000), ...lines.map((l) => l.values)] as uPlot.AlignedData;
    const shape = lines.map((l) => `${l.label}/${l.color}`).join('|');
    if (this.chart && shape === this.shape) {
      this.chart.setData(data);
      return;
    }
    this.chart?.destroy();
    this.shape = shape;
    const UPlot = this.UPlot as typeof uPlot;
    const unit = this.unit();
    const axis = { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } };
    this.chart = new UPlot(
      {
        width: this.width(),
        height: this.height(),
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(1, max ?? min ?? 1)] } },
        axes: [axis, { ...axis, size: 64, values: (_u, ticks) => ticks.map((t) => `${t}${unit}`) }],
        // Points too, so a minute standing alone between empty ones is still visible.
        series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 2, points: { show: true, size: 4, fill: l.color } }))],
      },
      data,
      this.host,
    );
  }

  private width(): number {
    return Math.max(240, this.host.clientWidth || 480);
  }

  ngOnDestroy(): void {
    this.resizes?.disconnect();
    this.chart?.destroy();
  }
}
