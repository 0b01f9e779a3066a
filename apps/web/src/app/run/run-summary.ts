import { ChangeDetectionStrategy, Component, computed, input, untracked } from '@angular/core';
import type { ModelSummary } from '@parallax/contracts';
import type { TargetHandle } from '../session/run-session';
import { formatCost, formatMs, formatRate } from './format';

interface Leader {
  label: string;
  value: string;
}

const WIDTH = 320;
const HEIGHT = 96;

/** Who won on first token, speed and cost, and a chart of tokens over time per model. */
@Component({
  selector: 'app-run-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="summary" aria-label="Run summary" data-testid="run-summary">
      <dl class="leaders">
        <div><dt>Fastest first token</dt><dd data-testid="fastest-ttft">{{ leaders().ttft?.label ?? '—' }} <span class="hint">{{ leaders().ttft?.value }}</span></dd></div>
        <div><dt>Fastest tokens/s</dt><dd data-testid="fastest-tps">{{ leaders().tps?.label ?? '—' }} <span class="hint">{{ leaders().tps?.value }}</span></dd></div>
        <div><dt>Cheapest</dt><dd data-testid="cheapest">{{ leaders().cost?.label ?? '—' }} <span class="hint">{{ leaders().cost?.value }}</span></dd></div>
      </dl>
      <figure class="chart">
        <svg [attr.viewBox]="'0 0 ' + width + ' ' + height" role="img" [attr.aria-label]="'Tokens over time; longest run ' + axis().label">
          <line x1="0" [attr.y1]="height - 0.5" [attr.x2]="width" [attr.y2]="height - 0.5" class="axis" />
          @for (line of lines(); track line.id) {
            <polyline [attr.points]="line.points" [attr.class]="'series s' + line.index" />
          }
        </svg>
        <figcaption>
          Tokens over time ({{ axis().label }}, up to {{ axis().tokens }} tokens)
          @for (line of lines(); track line.id) {
            <span class="legend"><span [attr.class]="'swatch s' + line.index"></span>{{ line.label }}</span>
          }
        </figcaption>
      </figure>
    </section>
  `,
})
export class RunSummary {
  readonly targets = input.required<TargetHandle[]>();
  readonly modelsById = input.required<ReadonlyMap<string, ModelSummary>>();
  readonly now = input.required<number>();
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;

  private readonly views = computed(() => this.targets().map((t) => t.view()));
  /** The chart redraws on the session clock (10 Hz and once at the end), not on every frame of tokens. */
  private readonly sampledViews = computed(() => {
    this.now();
    this.targets();
    return untracked(() => this.views());
  });
  private labelOf(modelId: string): string {
    return this.modelsById().get(modelId)?.label ?? modelId;
  }

  /** Only finished targets compete: live estimates would crown a model that has not ended yet. */
  protected readonly leaders = computed(() => {
    const done = this.views().filter((v) => v.state === 'done' && v.metrics);
    const best = (score: (m: NonNullable<(typeof done)[number]['metrics']>) => number | null, lowest: boolean, fmt: (n: number) => string): Leader | null => {
      let winner: Leader | null = null;
      let bestScore = lowest ? Infinity : -Infinity;
      for (const view of done) {
        const value = view.metrics ? score(view.metrics) : null;
        if (value === null || (lowest ? value >= bestScore : value <= bestScore)) continue;
        bestScore = value;
        winner = { label: this.labelOf(view.modelId), value: fmt(value) };
      }
      return winner;
    };
    return {
      ttft: best((m) => m.ttftMs, true, formatMs),
      tps: best((m) => m.tokensPerSecond, false, formatRate),
      cost: best((m) => m.costUsd, true, formatCost),
    };
  });

  protected readonly axis = computed(() => {
    const views = this.sampledViews();
    const spanMs = Math.max(1000, ...views.map((v) => v.series.at(-1)?.[0] ?? 0));
    const tokens = Math.max(10, ...views.map((v) => v.tokens));
    return { spanMs, tokens, label: formatMs(spanMs) };
  });

  protected readonly lines = computed(() => {
    const { spanMs, tokens } = this.axis();
    return this.sampledViews().map((view, index) => ({
      id: view.targetId,
      index: index % 8,
      label: this.labelOf(view.modelId),
      points: ['0,' + HEIGHT, ...view.series.map(([t, n]) => `${((t / spanMs) * WIDTH).toFixed(1)},${(HEIGHT - (n / tokens) * HEIGHT).toFixed(1)}`)].join(' '),
    }));
  });
}
