import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RENDER_MODE } from '../core/browser';
import { IncrementalMarkdown, type RenderedBlock } from './incremental';
import { renderMarkdown } from './markdown';

/** Markdown of a streaming answer; finished blocks keep their DOM, only the growing tail is re-rendered. */
@Component({
  selector: 'app-markdown-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'markdown' },
  template: `
    @if (naive) {
      <div [innerHTML]="wholeHtml()"></div>
    } @else {
      @for (block of blocks(); track block.id) {
        <div class="md-block" [innerHTML]="block.html"></div>
      }
    }
  `,
})
export class MarkdownView {
  readonly text = input.required<string>();
  protected readonly naive = inject(RENDER_MODE) === 'naive';
  private readonly renderer = new IncrementalMarkdown();

  // The renderer caches by prefix, so calling it from a computed stays pure from the caller's point of view.
  protected readonly blocks = computed<RenderedBlock[]>(() => this.renderer.update(this.text()));
  protected readonly wholeHtml = computed(() => renderMarkdown(this.text()));
}
