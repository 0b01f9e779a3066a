import { InjectionToken, inject } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { animationFrameScheduler, type SchedulerLike } from 'rxjs';

/** The browser window, behind a token so specs can hand in a stub. */
export const WINDOW = new InjectionToken<Window>('WINDOW', {
  providedIn: 'root',
  factory: () => inject(DOCUMENT).defaultView as Window,
});

/**
 * `batched` (default) coalesces stream events into one update per animation frame and re-renders only the open
 * markdown block. `naive` re-renders everything on every delta; it exists so the web benchmark can show the difference.
 */
export type RenderMode = 'batched' | 'naive';

export const RENDER_MODE = new InjectionToken<RenderMode>('RENDER_MODE', {
  providedIn: 'root',
  factory: () => (new URLSearchParams(inject(WINDOW).location?.search ?? '').get('render') === 'naive' ? 'naive' : 'batched'),
});

/** Where frame batches flush; specs swap in a synchronous or virtual-time scheduler. */
export const FRAME_SCHEDULER = new InjectionToken<SchedulerLike>('FRAME_SCHEDULER', {
  providedIn: 'root',
  factory: () => animationFrameScheduler,
});

/** Writes text to the clipboard; a token so specs need no real clipboard. */
export const CLIPBOARD = new InjectionToken<(text: string) => Promise<void>>('CLIPBOARD', {
  providedIn: 'root',
  factory: () => {
    const win = inject(WINDOW);
    return (text: string) => win.navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('clipboard unavailable'));
  },
});
