import { Injectable, inject } from '@angular/core';
import { WINDOW } from './browser';

/** What the benchmark reads back from `window.__parallaxProbe`. */
export interface ProbeReadings {
  /** Milliseconds from a stream event's arrival to the first animation frame after the DOM showed it. */
  latencies: number[];
}

/**
 * Measures token-arrival → paint latency for the web benchmark. Off unless the page URL has `probe=1`,
 * so normal use pays one boolean check per event.
 */
@Injectable({ providedIn: 'root' })
export class PaintProbe {
  private readonly win = inject(WINDOW);
  readonly enabled = new URLSearchParams(this.win.location?.search ?? '').get('probe') === '1';
  private arrived: number[] = [];
  private applied: number[] = [];
  private readonly readings: ProbeReadings = { latencies: [] };

  constructor() {
    if (this.enabled) (this.win as unknown as { __parallaxProbe: ProbeReadings }).__parallaxProbe = this.readings;
  }

  noteArrival(): void {
    if (this.enabled) this.arrived.push(this.win.performance.now());
  }

  /** Everything that arrived so far is now in signals; it shows after the next render. */
  noteApplied(): void {
    if (!this.enabled || this.arrived.length === 0) return;
    this.applied.push(...this.arrived);
    this.arrived = [];
  }

  /** Called after every render: the next frame's start is when the committed DOM has been painted. */
  noteRendered(): void {
    if (!this.enabled || this.applied.length === 0) return;
    const shown = this.applied;
    this.applied = [];
    this.win.requestAnimationFrame(() => {
      const paintedAt = this.win.performance.now();
      for (const t of shown) this.readings.latencies.push(paintedAt - t);
    });
  }
}
