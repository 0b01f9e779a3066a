import { ApplicationRef, DestroyRef, Injectable, computed, inject, signal, type Signal, type WritableSignal } from '@angular/core';
import {
  RUN_EVENT_TYPES,
  type ChatMessage,
  type ModelSummary,
  type RouteDecision,
  type RunCreatedResponse,
  type RunMode,
  type RunParams,
} from '@parallax/contracts';
import { Subject, Subscription, endWith, finalize, ignoreElements, interval, merge, share, switchMap, takeUntil, tap } from 'rxjs';
import { RENDER_MODE, WINDOW } from '../core/browser';
import { PaintProbe } from '../core/paint-probe';
import { RunsApi } from '../core/runs-api';
import type { TargetBatch } from '../streaming/run-stream';
import { RunStream } from '../streaming/run-stream';
import { applyTargetEvents, initialTargetView, type TargetView } from './target-view';

export interface TargetHandle {
  targetId: string;
  modelId: string;
  view: Signal<TargetView>;
}

/** One prompt and the answers to it. Earlier turns keep only their final text. */
export interface Turn {
  id: number;
  prompt: string;
  mode: RunMode;
  runId: string | null;
  route: RouteDecision | null;
  targets: TargetHandle[];
  error: string | null;
}

export interface RunOptions {
  mode: RunMode;
  models: string[];
  params: RunParams;
}

/**
 * The current conversation: its turns, the live state of each target, and the run in flight.
 * Only this conversation is kept; starting a new one drops every reference to the old.
 */
@Injectable()
export class RunSession {
  private readonly api = inject(RunsApi);
  private readonly stream = inject(RunStream);
  private readonly probe = inject(PaintProbe);
  private readonly win = inject(WINDOW);
  private readonly appRef = inject(ApplicationRef);
  private readonly naive = inject(RENDER_MODE) === 'naive';
  private readonly stopCurrent = new Subject<void>();
  private writable = new Map<string, WritableSignal<TargetView>>();
  private nextTurnId = 1;
  private run: Subscription | null = null;
  private renderQueued = false;

  readonly turns = signal<Turn[]>([]);
  readonly current = computed(() => this.turns().at(-1) ?? null);
  readonly running = signal(false);
  /** Client clock for live figures, ticking only while a run streams. */
  readonly now = signal(0);
  /** Polite screen-reader message: set when an answer ends, never per token. */
  readonly announcement = signal('');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopCurrent.next());
  }

  /** Sends `prompt` as the next turn: compare turns carry each model's own history, routed turns the transcript. */
  send(prompt: string, options: RunOptions, modelsById: ReadonlyMap<string, ModelSummary>): void {
    this.stopCurrent.next();
    const earlier = this.turns().filter((t) => t.mode === options.mode && t.runId);
    const request =
      options.mode === 'compare'
        ? { mode: options.mode, messages: [user(prompt)], models: options.models, histories: this.histories(earlier, options.models), params: options.params }
        : { mode: options.mode, messages: [...this.transcript(earlier), user(prompt)], params: options.params };
    const turn: Turn = { id: this.nextTurnId++, prompt, mode: options.mode, runId: null, route: null, targets: [], error: null };
    this.turns.update((turns) => [...turns, turn]);
    this.running.set(true);
    const requestedAt = this.win.performance.now();
    this.now.set(requestedAt);

    this.run = this.api
      .createRun(request)
      .pipe(
        tap((created) => this.attach(turn.id, created, requestedAt)),
        switchMap((created) => {
          const batches = this.stream.targetBatches(created.runId).pipe(share());
          const ended = batches.pipe(ignoreElements(), endWith(null));
          return merge(
            batches.pipe(tap((batch) => this.apply(batch, modelsById))),
            interval(100).pipe(
              tap(() => this.now.set(this.win.performance.now())),
              takeUntil(ended),
            ),
          );
        }),
        takeUntil(this.stopCurrent),
        finalize(() => {
          this.running.set(false);
          this.now.set(this.win.performance.now());
        }),
      )
      .subscribe({ error: (error: Error) => this.patchTurn(turn.id, { error: error.message }) });
  }

  /** Asks the server to cancel the run in flight; its targets then end as `cancelled`. */
  stop(targetId?: string): void {
    const runId = this.current()?.runId;
    if (!runId) return;
    this.api.cancelRun(runId, targetId).subscribe({
      error: (error: Error) => this.announcement.set(`Could not stop: ${error.message}`),
    });
  }

  /** Forgets the whole conversation, unsubscribing from anything still streaming. */
  clear(): void {
    this.stopCurrent.next();
    this.run?.unsubscribe();
    this.run = null;
    this.writable = new Map();
    this.turns.set([]);
    this.announcement.set('');
  }

  private attach(turnId: number, created: RunCreatedResponse, requestedAt: number): void {
    // Finished turns keep their final views as plain signals; only the new run's targets stay writable.
    this.writable = new Map();
    const targets = created.targets.map((t): TargetHandle => {
      const view = signal(initialTargetView(t.targetId, t.modelId, requestedAt));
      this.writable.set(t.targetId, view);
      return { targetId: t.targetId, modelId: t.modelId, view: view.asReadonly() };
    });
    this.patchTurn(turnId, { runId: created.runId, route: created.route ?? null, targets });
  }

  private apply(batch: TargetBatch, modelsById: ReadonlyMap<string, ModelSummary>): void {
    const now = this.win.performance.now();
    const target = batch.targetId === null ? undefined : this.writable.get(batch.targetId);
    if (target) {
      const before = target().state;
      target.update((view) => applyTargetEvents(view, batch.events, now));
      const after = target();
      if (before !== after.state && after.endedAt !== null) this.announce(after, modelsById);
    }
    if (batch.events.some((e) => e.type === RUN_EVENT_TYPES.runCompleted)) this.announcement.set(this.runSummary());
    this.probe.noteApplied();
    // The naive mode exists to measure what frame batching saves, so it renders synchronously per event.
    if (this.naive) this.appRef.tick();
    else this.renderThisFrame();
  }

  /**
   * Batches flush inside an animation frame, where the zoneless scheduler would defer change detection to a
   * timer that fires after this frame's paint. One microtask after all of this frame's batches renders them in
   * the same frame instead, which takes a whole frame off token-to-paint latency.
   */
  private renderThisFrame(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.appRef.tick();
    });
  }

  private announce(view: TargetView, modelsById: ReadonlyMap<string, ModelSummary>): void {
    const label = modelsById.get(view.modelId)?.label ?? view.modelId;
    const outcome =
      view.state === 'done' ? 'finished' : view.state === 'cancelled' ? 'was cancelled' : `failed: ${view.error?.message ?? 'unknown error'}`;
    this.announcement.set(`${label} ${outcome}.`);
  }

  private runSummary(): string {
    const views = this.current()?.targets.map((t) => t.view()) ?? [];
    const done = views.filter((v) => v.state === 'done').length;
    return `Run finished: ${done} of ${views.length} answers complete.`;
  }

  private patchTurn(turnId: number, patch: Partial<Turn>): void {
    this.turns.update((turns) => turns.map((t) => (t.id === turnId ? { ...t, ...patch } : t)));
  }

  private histories(turns: Turn[], models: string[]): Record<string, ChatMessage[]> | undefined {
    const byModel: Record<string, ChatMessage[]> = {};
    for (const turn of turns) {
      for (const target of turn.targets) {
        const view = target.view();
        if (!models.includes(target.modelId) || !view.text) continue;
        (byModel[target.modelId] ??= []).push(user(turn.prompt), { role: 'assistant', content: view.text });
      }
    }
    return Object.keys(byModel).length ? byModel : undefined;
  }

  private transcript(turns: Turn[]): ChatMessage[] {
    return turns.flatMap((turn) => {
      const text = turn.targets[0]?.view().text;
      return text ? [user(turn.prompt), { role: 'assistant' as const, content: text }] : [];
    });
  }
}

function user(content: string): ChatMessage {
  return { role: 'user', content };
}
