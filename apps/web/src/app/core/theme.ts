import { Injectable, effect, inject, signal } from '@angular/core';
import { WINDOW } from './browser';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'parallax.theme';

/** Follows prefers-color-scheme until the person picks a theme, then remembers the pick. */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly win = inject(WINDOW);
  readonly chosen = signal<Theme | null>(this.readStored());

  constructor() {
    effect(() => {
      const theme = this.chosen();
      const root = this.win.document.documentElement;
      if (theme) root.dataset['theme'] = theme;
      else delete root.dataset['theme'];
    });
  }

  /** The theme now shown, whether picked or inherited from the system. */
  current(): Theme {
    return this.chosen() ?? (this.win.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  }

  toggle(): void {
    const next: Theme = this.current() === 'dark' ? 'light' : 'dark';
    this.chosen.set(next);
    try {
      this.win.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private browsing may refuse storage; the choice still holds for this visit
    }
  }

  private readStored(): Theme | null {
    try {
      const stored = this.win.localStorage?.getItem(STORAGE_KEY);
      return stored === 'light' || stored === 'dark' ? stored : null;
    } catch {
      return null;
    }
  }
}
