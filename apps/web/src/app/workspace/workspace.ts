import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RUN_LIMITS, type ModelSummary, type RunMode } from '@parallax/contracts';
import { catchError, map, of } from 'rxjs';
import { RunsApi } from '../core/runs-api';
import { RouteDecisionPanel } from '../run/route-decision';
import { RunSummary } from '../run/run-summary';
import { TargetColumn } from '../run/target-column';
import { RunSession } from '../session/run-session';
import { ModelPicker } from './model-picker';

interface ModelsState {
  models: ModelSummary[];
  error: string | null;
}

/** The compare / routed page: prompt, settings, and the current conversation. */
@Component({
  selector: 'app-workspace',
  imports: [ModelPicker, TargetColumn, RunSummary, RouteDecisionPanel],
  providers: [RunSession],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './workspace.html',
})
export class Workspace {
  protected readonly session = inject(RunSession);
  private readonly modelsState = toSignal(
    inject(RunsApi)
      .listModels()
      .pipe(
        map((r): ModelsState => ({ models: r.models, error: null })),
        catchError((error: Error) => of<ModelsState>({ models: [], error: error.message })),
      ),
    { initialValue: { models: [], error: null } as ModelsState },
  );
  protected readonly models = computed(() => this.modelsState().models);
  protected readonly modelsError = computed(() => this.modelsState().error);
  protected readonly modelsById = computed(() => new Map(this.models().map((m) => [m.id, m])));

  protected readonly mode = signal<RunMode>('compare');
  protected readonly prompt = signal('');
  protected readonly temperature = signal(0.7);
  protected readonly maxTokens = signal(512);
  private readonly picked = signal<string[] | null>(null);
  /** Until the person picks, every available model is selected (up to the per-run limit). */
  protected readonly selected = computed(
    () => this.picked() ?? this.models().filter((m) => m.available).slice(0, RUN_LIMITS.maxModels).map((m) => m.id),
  );
  protected readonly canRun = computed(
    () =>
      !this.session.running() &&
      this.prompt().trim().length > 0 &&
      (this.mode() === 'routed' || this.selected().length > 0),
  );
  protected readonly earlierTurns = computed(() => this.session.turns().slice(0, -1));

  protected setMode(mode: RunMode): void {
    if (mode === this.mode()) return;
    // Histories are kept per mode's shape (per model vs one transcript), so a new mode starts a new conversation.
    this.session.clear();
    this.mode.set(mode);
  }

  protected pick(ids: string[]): void {
    this.picked.set(ids);
  }

  protected onPromptKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.run();
    }
  }

  protected run(): void {
    if (!this.canRun()) return;
    const prompt = this.prompt().trim();
    this.session.send(
      prompt,
      {
        mode: this.mode(),
        models: this.selected(),
        params: { temperature: this.temperature(), maxTokens: this.maxTokens() },
      },
      this.modelsById(),
    );
    this.prompt.set('');
  }

  /** Reruns the routed prompt against the picked models, side by side. */
  protected compareInstead(prompt: string): void {
    this.setMode('compare');
    this.prompt.set(prompt);
    this.run();
  }

  protected newConversation(): void {
    this.session.clear();
  }

  protected numberFrom(event: Event, fallback: number): number {
    const value = Number((event.target as HTMLInputElement).value);
    return Number.isFinite(value) ? value : fallback;
  }

  protected textFrom(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }
}
