import { ChangeDetectionStrategy, Component, afterEveryRender, inject } from '@angular/core';
import { PaintProbe } from './core/paint-probe';
import { ThemeService } from './core/theme';
import { Workspace } from './workspace/workspace';

@Component({
  selector: 'app-root',
  imports: [Workspace],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
})
export class App {
  protected readonly theme = inject(ThemeService);

  constructor() {
    const probe = inject(PaintProbe);
    if (probe.enabled) afterEveryRender(() => probe.noteRendered());
  }
}
