import { ChangeDetectionStrategy, Component, afterEveryRender, inject } from '@angular/core';
import { WINDOW } from './core/browser';
import { PaintProbe } from './core/paint-probe';
import { ThemeService } from './core/theme';
import { OpsPage } from './ops/ops-page';
import { Workspace } from './workspace/workspace';

@Component({
  selector: 'app-root',
  imports: [Workspace, OpsPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
})
export class App {
  protected readonly theme = inject(ThemeService);
  /** `/ops` shows the operator dashboard, loaded lazily (its `@defer` block) so the workspace never pays for it. */
  protected readonly opsPage = /^\/ops\/?$/.test(inject(WINDOW).location?.pathname ?? '');

  constructor() {
    const probe = inject(PaintProbe);
    if (probe.enabled) afterEveryRender(() => probe.noteRendered());
  }
}
