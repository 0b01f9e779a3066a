import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * Completed vs failed jobs per minute as two tiny polylines; plain SVG because a card needs no axes or
 * cursor, and one small element per lane keeps the page cheap at a push every second.
 */
@Component({
  selector: 'app-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg [attr.viewBox]="'0 0 ' + width + ' ' + height" preserveAspectRatio="none" role="img" [attr.aria-label]="summary()">
      <polyline class="completed" [attr.points]="points().completed" />
      <polyline class="failed" [attr.points]="points().failed" />
    </svg>
  `,
  styles: `
    :host { display: block; height: 36px; }
    svg { width: 100%; height: 100%; overflow: visible; }
    polyline { fill: none; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
    .completed { stroke: var(--ok); }
    .failed { stroke: var(--danger); }
  `,
})
export class Sparkline {
  readonly completed = input.required<number[]>();
  readonly failed = input.required<number[]>();
  protected readonly width = 120;
  protected readonly height = 36;

  protected readonly points = computed(() => {
    const completed = this.completed();
    const failed = this.failed();
    const max = Math.max(1, ...completed, ...failed);
    const line = (values: number[]) =>
      values
        .map((v, i) => `${((i / Math.max(1, values.length - 1)) * this.width).toFixed(1)},${(this.height - (v / max) * this.height).toFixed(1)}`)
        .join(' ');
    return { completed: line(completed), failed: line(failed) };
  });

  protected readonly summary = computed(
    () => `${this.completed().at(-1) ?? 0} completed and ${this.failed().at(-1) ?? 0} failed this minute`,
  );
}
