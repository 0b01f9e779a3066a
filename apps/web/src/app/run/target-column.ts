import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal, untracked } from '@angular/core';
import type { ModelSummary } from '@parallax/contracts';
import { CLIPBOARD } from '../core/browser';
import { MarkdownView } from '../markdown/markdown-view';
import type { TargetHandle } from '../session/run-session';
import { figures } from '../session/target-view';
import { formatCost, formatMs, formatRate } from './format';

const STATE_LABELS = { queued: 'waiting', streaming: 'streaming', done: 'done', failed: 'failed', cancelled: 'cancelled' } as const;

/** One model's live answer: reasoning, markdown text, figures and its end state. */
@Component({
  selector: 'app-target-column',
  imports: [MarkdownView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'column-host' },
  templateUrl: './target-column.html',
})
export class TargetColumn {
  readonly handle = input.required<TargetHandle>();
  readonly model = input<ModelSummary | undefined>();
  readonly now = input.required<number>();
  readonly stopTarget = output<string>();
  private readonly clipboard = inject(CLIPBOARD);

  protected readonly view = computed(() => this.handle().view());
  protected readonly label = computed(() => this.model()?.label ?? this.handle().modelId);
  /** The test contract knows four states; a queued target counts as streaming there. */
  protected readonly dataState = computed(() => (this.view().state === 'queued' ? 'streaming' : this.view().state));
  protected readonly stateLabel = computed(() => STATE_LABELS[this.view().state]);
  protected readonly live = computed(() => this.view().state === 'queued' || this.view().state === 'streaming');
  protected readonly showReasoning = computed(() => !!this.model()?.reasoning || this.view().reasoning.length > 0);
  /**
   * While streaming, the figures follow the session clock (10 Hz) rather than every frame of tokens: a changing
   * number per column per frame would cost eight text layouts a frame for digits nobody can read that fast.
   * Once the target ends they follow its view, so the final server figures show at once.
   */
  protected readonly figures = computed(() => {
    const live = this.live();
    const now = this.now();
    const view = live ? untracked(this.view) : this.view();
    const f = figures(view, live ? now : 0, this.model());
    const approx = f.final ? '' : '≈ ';
    return {
      ...f,
      ttft: formatMs(f.ttftMs),
      ttfa: formatMs(f.ttfaMs),
      rate: f.tokensPerSecond === null ? '—' : approx + formatRate(f.tokensPerSecond),
      tokens: f.final ? String(f.tokens) : `${approx}${f.tokens}`,
      cost: f.costUsd === null ? '—' : (f.final ? '' : approx) + formatCost(f.costUsd),
      elapsed: formatMs(f.elapsedMs),
    };
  });
  protected readonly raw = signal(false);
  protected readonly copied = signal<string | null>(null);

  protected copy(what: 'answer' | 'reasoning'): void {
    const text = what === 'answer' ? this.view().text : this.view().reasoning;
    this.clipboard(text).then(
      () => this.copied.set(what === 'answer' ? 'Answer copied' : 'Reasoning copied'),
      () => this.copied.set('Copy failed'),
    );
  }
}
